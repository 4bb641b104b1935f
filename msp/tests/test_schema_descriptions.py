"""Every operation says what it does and every query parameter what it filters."""

from drf_spectacular.generators import SchemaGenerator

from msp.api.schema_descriptions import describe_parameter


def test_every_operation_and_query_parameter_has_a_description():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    bare = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if not (operation.get("summary") or operation.get("description")):
                bare.append(f"{method.upper()} {path}")
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query" and not parameter.get("description"):
                    bare.append(f"{method.upper()} {path} ?{parameter['name']}")
    assert bare == []


def test_descriptions_follow_the_filter_conventions():
    assert describe_parameter("created_at__gte", {"type": "string", "format": "date-time"}) == (
        "Only rows whose created at is on or after this time (ISO-8601)."
    )
    assert describe_parameter("port__lte", {"type": "integer"}) == (
        "Only rows whose port is at most this value."
    )
    assert describe_parameter("client_id", {"type": "string"}) == (
        "Only rows of this client (its id)."
    )
    assert describe_parameter("is_active", {"type": "boolean"}) == (
        "true: only rows with is active set; false: only rows without."
    )
    assert describe_parameter("hostname", {"type": "string"}) == (
        "Only rows whose hostname is exactly this value."
    )
