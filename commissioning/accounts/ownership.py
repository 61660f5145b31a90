"""One kit for records an organisation owns: budgets, concerns, scenarios, statements...

A model says once who may see its records (`visible_rule`); every selector then reads
`Model.objects.visible_to(user)`, and a new record is saved through `owned_create` or `owned_save`,
which stamp it with the saver's organisation (records whose organisation is chosen, such as a
council's funding share or a national rate set, are saved with it given). Sealed bids, care
packages and returns in later apps are a visibility rule each, not new code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Self, TypeVar

from django.db import models, transaction
from django.db.models import Q

from commissioning.accounts.models import User
from commissioning.accounts.permissions import is_signed_in
from commissioning.core.models import AuditedModel
from commissioning.core.services import audited_save

NOTHING = Q(pk__in=[])


class OwnedQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> Self:
        """The records `user` may see, by the model's own rule."""
        return self.filter(self.model.visible_rule(user))


class Owned(models.Model):
    """A record that belongs to one organisation (a council, an ICB, a provider).

    By default its organisation's people see it, if `viewers` lets them see records of this kind
    at all (councillors read budgets; providers do not, say). A model with a wider rule
    (published statements for everyone, national rate sets) overrides `visible_rule`.
    """

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")

    objects = OwnedQuerySet.as_manager()
    viewers: ClassVar[Callable[[Any], bool]] = staticmethod(is_signed_in)

    class Meta:
        abstract = True

    @classmethod
    def visible_rule(cls, user: User) -> Q:
        return cls.owned_by(user) if cls.viewers(user) else NOTHING

    @staticmethod
    def owned_by(user: User) -> Q:
        """Records of the user's own organisation (none for someone without one)."""
        return Q(organisation_id=user.organisation_id) if getattr(user, "organisation_id", None) else NOTHING

    def belongs_to_organisation_of(self, user: User) -> bool:
        return bool(getattr(user, "organisation_id", None)) and self.organisation_id == user.organisation_id


class OwnedRecord(Owned, AuditedModel):
    """An owned record people edit: audited (who, when, what) and marked when invented for the demo.

    Each concrete model declares `history = HistoricalRecords()`, as every audited model does.
    """

    is_demo = models.BooleanField(default=False)

    class Meta:
        abstract = True


class OwnedPart(AuditedModel):
    """A record that belongs to one owned record (a tender's lot, a contract's KPI) and is seen by
    whoever sees that record. A concrete base names its foreign key to the record in `parent`."""

    parent: ClassVar[str]

    objects = OwnedQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def visible_rule(cls, user: User) -> Q:
        record = cls._meta.get_field(cls.parent).related_model
        return Q(**{f"{cls.parent}__in": record.objects.visible_to(user).values("pk")})


R = TypeVar("R", bound=Owned)


def owned_create(model: type[R], *, by: User, stamp: bool = True, **fields: Any) -> R:
    """Validate, save and audit a new owned record made from `fields` (see owned_save)."""
    return owned_save(record=model(**fields), by=by, stamp=stamp)


def owned_save(*, record: R, by: User, stamp: bool = True) -> R:
    """Validate and save an owned record, audited; a new one belongs to the saver's organisation
    (unless `stamp` is off, for records such as shared benchmarks that belong to no one)."""
    with transaction.atomic():
        if record.pk is None and stamp and record.organisation_id is None:
            record.organisation = by.organisation
        return audited_save(instance=record, by=by)
