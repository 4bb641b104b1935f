"""factory_boy factories of context recall."""

from __future__ import annotations

import factory

from context_recall.models import ContextSnippet, ConversationContext, DecisionLog, ProjectState
from tracking.testing.factories import ProjectFactory


class ConversationContextFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConversationContext

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Session {n}")
    summary = factory.Sequence(lambda n: f"Goal: routine maintenance run {n}")
    current_state = "All checks green."


class ContextSnippetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContextSnippet

    project = None  # global unless told
    title = factory.Sequence(lambda n: f"Snippet {n}")
    content = factory.Sequence(lambda n: f"Remember item number {n}.")
    category = "gotcha"


class ProjectStateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectState

    project = factory.SubFactory(ProjectFactory)
    phase = "active"
    progress = 40
    summary = "Rolling out the new backup scheme."


class DecisionLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DecisionLog

    project = factory.SubFactory(ProjectFactory)
    decision = factory.Sequence(lambda n: f"Use option {n} for the rollout")
    rationale = "It is the least disruptive."
