"""The MCP server at ``/mcp/``: the memory, tasks, time and inventory as tools for
Claude Code, with the API's authentication, permissions and client scoping."""
