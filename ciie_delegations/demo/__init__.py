"""Demo data: the Qinghai delegation to the 5th CIIE set up as a provincial delegation
is, a Shanghai delegation with three of its sub-delegations, the national totals of every edition, a
handful of purchasers and one login per role. Loading it twice changes nothing.

Sources: ``shared/seeds/004_*.txt`` (青海省组团参加第五届进博会工作方案) and the news
reports beside it.
"""

from django.db import transaction

from deals.rollups.services import rollup_recompute
from delegations.models import User
from purchasers.badges.demo import load_badges
from purchasers.logistics.demo import load_logistics_demo

from . import orders, registrations, structure
from .data import DEMO_PASSWORD

__all__ = ["DEMO_PASSWORD", "load_demo"]


@transaction.atomic
def load_demo() -> dict[str, User]:
    editions = structure.add_editions()
    qinghai = structure.add_qinghai(editions[5])
    shanghai_5th = structure.add_shanghai(editions[5])
    shanghai_6th = structure.add_shanghai(editions[6], continues=shanghai_5th)
    shanghai_7th = structure.add_shanghai(editions[7], continues=shanghai_6th)
    users = structure.add_users()
    registrations.add_purchasers(qinghai, users)
    load_badges(qinghai)
    orders.add_qinghai_deals(qinghai, users["qh_office"])
    orders.add_shanghai_state_owned_deals(shanghai_7th, users["sh_soe"])
    orders.add_qingpu_deals(shanghai_6th, ["12000000.00", "8000000.00"], users["sh_office"])
    orders.add_qingpu_deals(shanghai_7th, ["15000000.00", "10000000.00"], users["sh_office"])
    structure.add_deadlines(editions[5], qinghai, users["qh_office"])
    load_logistics_demo(qinghai, users["qh_office"])  # the stay in Shanghai
    registrations.add_invitations(users)
    orders.add_exhibitors(editions[5])
    # The dashboard reads roll-ups: have them right when the command returns.
    rollup_recompute()
    return users
