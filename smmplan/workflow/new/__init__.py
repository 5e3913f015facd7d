"""``smmplan new post|campaign|brand``: new files from templates, in the brand's language.

A post lands in ``content/posts/YYYY/MM/`` of its own day, named after its title, at the
brand's next free slot (or on the day or time ``--date`` asks for, with the reason when
that cannot be); a campaign in ``content/campaigns/``; a brand in ``brands/``. Every file
is written atomically and never over an existing one.
"""

from smmplan.workflow.new.campaign import new_brand, new_campaign
from smmplan.workflow.new.files import LOCALES, NewError
from smmplan.workflow.new.post import DEFAULT_NETWORKS, NEW_STATUSES, Created, PostRequest, new_post
from smmplan.workflow.new.slots import next_free_slot

__all__ = [
    "DEFAULT_NETWORKS",
    "LOCALES",
    "NEW_STATUSES",
    "Created",
    "NewError",
    "PostRequest",
    "new_brand",
    "new_campaign",
    "new_post",
    "next_free_slot",
]
