"""An MSP at scale for the latency benches: 1,000 clients, 50 technicians in 25 teams, each
client in one or two teams, each technician in one to three. The bench's own technician
joins two teams, so every scoped query filters a real access list, not "all clients".

Called inside a bench's seeding child process (Django set up, the bench's database).
"""

from __future__ import annotations

import random
from typing import Any


def seed_team_scale(
    user: Any,
    home_client: Any,
    *,
    clients: int = 1000,
    technicians: int = 50,
    teams: int = 25,
    seed: int = 7,
) -> dict[str, int]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from msp.demo import technician_group
    from msp.models import Client
    from msp.scoping import visible_clients

    rng = random.Random(seed)
    groups = Group.objects.bulk_create([Group(name=f"scale-team-{n:02d}") for n in range(teams)])
    created = Client.objects.bulk_create(
        [Client(name=f"Scale client {n:04d}") for n in range(clients - 1)]
    )
    Client.teams.through.objects.bulk_create(
        [
            Client.teams.through(client_id=client.pk, group_id=group.pk)
            for client in created
            for group in rng.sample(groups, rng.randint(1, 2))
        ]
    )
    people = get_user_model().objects.bulk_create(
        [get_user_model()(username=f"scale-tech-{n:02d}") for n in range(technicians - 1)]
    )
    technician = technician_group()
    memberships = [
        get_user_model().groups.through(user_id=person.pk, group_id=group.pk)
        for person in people
        for group in [technician, *rng.sample(groups, rng.randint(1, 3))]
    ]
    # The bench's technician: two teams besides the home client's own.
    memberships += [
        get_user_model().groups.through(user_id=user.pk, group_id=group.pk) for group in groups[:2]
    ]
    get_user_model().groups.through.objects.bulk_create(memberships)
    home_client.teams.add(groups[0])
    return {
        "clients": Client.objects.count(),
        "technicians": technicians,
        "teams": teams,
        "clients_visible_to_bench_user": visible_clients(user).count(),
    }
