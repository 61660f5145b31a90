"""Open contracting data: every notice a procurement publishes is also an OCDS 1.1.5 release, with
the UK extension's fields Find a Tender uses, built from the record at the moment the notice is
published and kept as it was (a notice, once published, does not change: a later one follows).

The mapping of notices to releases follows procurement-facts.md section 2.4 (tags, where each
notice's document goes, which fields carry what); it is marked there as inferred from the UK
extension and observed Find a Tender data, not from Find a Tender's own mapping page.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from commissioning.procurement import rules
from commissioning.procurement.choices import AwardStatus, NoticeKind, Procedure

# What each notice is, as an OCDS release: its tag and the document type it is published as.
RELEASE_TAGS = {
    NoticeKind.UK1: "planning",
    NoticeKind.UK2: "planning",
    NoticeKind.UK3: "planning",
    NoticeKind.UK4: "tender",
    NoticeKind.UK5: "award",
    NoticeKind.UK6: "award",
    NoticeKind.UK7: "contract",
    NoticeKind.UK12: "tenderCancellation",
    NoticeKind.UK13: "tender",
    NoticeKind.UK14: "tenderUpdate",
    NoticeKind.UK15: "tenderUpdate",
    NoticeKind.UK16: "tenderUpdate",
}
DOCUMENT_TYPES = {
    NoticeKind.UK1: "plannedProcurementNotice",
    NoticeKind.UK2: "marketEngagementNotice",
    NoticeKind.UK3: "plannedProcurementNotice",
    NoticeKind.UK4: "tenderNotice",
    NoticeKind.UK5: "awardNotice",
    NoticeKind.UK6: "awardNotice",
    NoticeKind.UK7: "contractNotice",
    NoticeKind.UK12: "tenderCancellationNotice",
    NoticeKind.UK13: "tenderNotice",
    NoticeKind.UK14: "tenderNotice",
    NoticeKind.UK15: "tenderNotice",
    NoticeKind.UK16: "tenderNotice",
}
# A dynamic market's notices, as the techniques extension's dynamic purchasing system status.
MARKET_STATUS = {
    NoticeKind.UK13: "pending",
    NoticeKind.UK14: "active",
    NoticeKind.UK15: "active",
    NoticeKind.UK16: "terminated",
}
# OCDS's method codelist: a direct award is "limited" (competition limited to one supplier).
METHODS = {
    Procedure.OPEN: "open",
    Procedure.COMPETITIVE_FLEXIBLE: "selective",
    Procedure.DIRECT_AWARD: "limited",
    Procedure.USER_CHOICE: "limited",
    Procedure.FRAMEWORK: "open",
    Procedure.OPEN_FRAMEWORK: "open",
    Procedure.FRAMEWORK_CALL_OFF: "selective",
    Procedure.DYNAMIC_MARKET: "selective",
    Procedure.DYNAMIC_MARKET_COMPETITION: "selective",
}
PA23_LEGAL_BASIS = {"id": "2023/54", "scheme": "UKPGA", "uri": "https://www.legislation.gov.uk/ukpga/2023/54/contents"}
LICENSE = "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
PUBLICATION_POLICY = "https://www.gov.uk/government/publications/open-contracting"


def ocid_prefix() -> str:
    return settings.OCDS_OCID_PREFIX


def ocid_for(procurement: Any) -> str:
    """One contracting process, one ocid: the publisher's prefix, the buyer and its reference."""
    return f"{ocid_prefix()}-{procurement.organisation_id}-{procurement.reference}"


def timestamp(moment: datetime.datetime | datetime.date) -> str:
    if isinstance(moment, datetime.datetime):
        return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{moment.isoformat()}T00:00:00Z"


def end_of_day(day: datetime.date) -> str:
    """The last second of a day in the UK, in UTC (an hour earlier in summer time)."""
    return timestamp(timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59))))


def money(amount: Decimal, vat_rate: int = 0) -> dict[str, Any]:
    gross = (amount * (100 + vat_rate) / 100).quantize(Decimal("0.01"))
    return {"amount": float(amount), "amountGross": float(gross), "currency": "GBP"}


def party_id(organisation: Any) -> str:
    """The organisation's register identifier where it has one (org-id.guide schemes), or this
    service's own, so every party can be referred to."""
    scheme, uid = identifier_of(organisation)
    return f"{scheme}-{uid}" if scheme else f"{ocid_prefix()}-org-{organisation.pk}"


def identifier_of(organisation: Any) -> tuple[str, str]:
    if getattr(organisation, "ods_code", ""):
        return "GB-NHS", organisation.ods_code
    if getattr(organisation, "companies_house_number", ""):
        return "GB-COH", organisation.companies_house_number
    if getattr(organisation, "charity_number", ""):
        return "GB-CHC", organisation.charity_number
    return "", ""


def party(organisation: Any, roles: list[str]) -> dict[str, Any]:
    scheme, uid = identifier_of(organisation)
    entry: dict[str, Any] = {"id": party_id(organisation), "name": organisation.name, "roles": roles}
    if scheme:
        entry["identifier"] = {"scheme": scheme, "id": uid, "legalName": organisation.name}
    if organisation.commissions:
        entry["details"] = {"classifications": [{"scheme": "UK_CA_TYPE", "id": "publicAuthoritySubCentralGovernment"}]}
    return entry


def _document(notice: Any) -> dict[str, Any]:
    return {
        "id": notice.number,
        "documentType": DOCUMENT_TYPES[notice.kind],
        "noticeType": notice.kind,
        "title": notice.get_kind_display(),
        "description": f"{notice.get_kind_display()} for {notice.procurement.title}",
        "url": settings.PUBLIC_BASE_URL.rstrip("/") + reverse("procurement:notice", args=[notice.pk]),
        "datePublished": timestamp(notice.published_at),
        "format": "text/html",
    }


def _tender(procurement: Any, *, status: str) -> dict[str, Any]:
    lots = list(procurement.lots.all())
    service = rules.light_touch_code(procurement.cpv_code)
    code = procurement.cpv_code.split("-")[0]
    tender: dict[str, Any] = {
        "id": procurement.reference,
        "title": procurement.title,
        "description": procurement.description,
        "status": status,
        "value": money(procurement.estimated_value, procurement.vat_rate),
        "procurementMethod": METHODS[procurement.procedure],
        "procurementMethodDetails": _method_details(procurement),
        "mainProcurementCategory": "services",
        "items": [
            {
                "id": str(lot.number),
                "description": lot.title,
                "classification": {"scheme": "CPV", "id": code, "description": service.description if service else ""},
                "relatedLot": str(lot.number),
            }
            for lot in lots
        ]
        or [{"id": "1", "classification": {"scheme": "CPV", "id": code}}],
        "lots": [
            {
                "id": str(lot.number),
                "title": lot.title,
                "description": lot.description or lot.title,
                "value": money(lot.estimated_value, procurement.vat_rate),
                "status": status if status in ("planning", "active", "cancelled", "complete") else "active",
            }
            for lot in lots
        ],
        "aboveThreshold": procurement.above_threshold,
        "specialRegime": ["lightTouch"] if procurement.light_touch else [],
    }
    if procurement.regime in ("pa23", "below_threshold"):
        tender["legalBasis"] = PA23_LEGAL_BASIS
    if procurement.is_competitive:
        tender["awardCriteria"] = "ratedCriteria"
        tender["awardCriteriaDetails"] = (
            f"Price {procurement.price_weight:g}%, quality {procurement.quality_weight:g}%, "
            f"social value {procurement.social_value_weight:g}%. Price: {procurement.get_price_formula_display()}."
        )
        tender["submissionMethod"] = ["electronicSubmission"]
    if procurement.deadline and procurement.published_at:
        tender["tenderPeriod"] = {
            "startDate": timestamp(procurement.published_at),
            "endDate": timestamp(procurement.deadline),
        }
    if procurement.procedure in (Procedure.FRAMEWORK, Procedure.OPEN_FRAMEWORK):
        tender["techniques"] = {"hasFrameworkAgreement": True}
    elif procurement.procedure in (Procedure.DYNAMIC_MARKET, Procedure.DYNAMIC_MARKET_COMPETITION):
        tender["techniques"] = {"hasDynamicPurchasingSystem": True}
    if procurement.procedure == Procedure.DYNAMIC_MARKET:
        tender["eligibilityCriteria"] = procurement.membership_conditions
        if procurement.published_at and procurement.market_ends_on:
            tender["contractPeriod"] = {
                "startDate": timestamp(procurement.published_at),
                "endDate": end_of_day(procurement.market_ends_on),
            }
    if procurement.procedure in Procedure.direct() and procurement.direct_award_ground:
        ground = rules.direct_award_ground(procurement.direct_award_ground)
        tender["procurementMethodRationale"] = procurement.direct_award_justification
        tender["procurementMethodRationaleClassifications"] = [
            {"scheme": "UK-PA23-Schedule5", "id": f"paragraph-{ground.paragraph}", "description": ground.title}
        ]
    return tender


def _method_details(procurement: Any) -> str:
    """The procedure in words, with a staged procedure's stages (OCDS 1.1 has no field for them)."""
    stages = list(procurement.stages.all()) if procurement.procedure == Procedure.COMPETITIVE_FLEXIBLE else []
    steps = "".join(f" Stage {s.number}: {s.title} (closes {timestamp(s.closes_at)})." for s in stages)
    return procurement.get_procedure_display() + ("." + steps + " Then final tenders." if steps else "")


def _award(award: Any, *, with_standstill: bool = True) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": f"{award.procurement.reference}-{award.lot.number}",
        "title": f"Lot {award.lot.number}: {award.lot.title}",
        "status": "active" if award.status == AwardStatus.SIGNED else "pending",
        "date": timestamp(award.notice_published_on),
        "value": money(award.value, award.procurement.vat_rate),
        "suppliers": [{"id": party_id(award.supplier), "name": award.supplier.name}],
        "relatedLots": [str(award.lot.number)],
        "aboveThreshold": award.procurement.above_threshold,
        "mainProcurementCategory": "services",
    }
    if with_standstill and award.standstill_last_day:
        entry["standstillPeriod"] = {
            "startDate": timestamp(award.notice_published_on),
            "endDate": end_of_day(award.standstill_last_day),
        }
    sent = award.procurement.bids.filter(lot=award.lot, summary__isnull=False).values_list(
        "summary__sent_at", flat=True
    )
    if sent:
        entry["assessmentSummariesDateSent"] = timestamp(max(sent))
    return entry


def release_for(notice: Any) -> dict[str, Any]:
    """The OCDS release of `notice`, from the procurement as it stands now (called as the notice
    is published, and kept with it)."""
    procurement, kind = notice.procurement, notice.kind
    parties = {procurement.organisation_id: party(procurement.organisation, ["buyer", "procuringEntity"])}
    buyer = {"id": parties[procurement.organisation_id]["id"], "name": procurement.organisation.name}
    release: dict[str, Any] = {
        "ocid": ocid_for(procurement),
        "id": notice.number,
        "date": timestamp(notice.published_at),
        "tag": [RELEASE_TAGS[kind]],
        "initiationType": "tender",
        "language": "en",
        "buyer": buyer,
    }
    document = _document(notice)
    if RELEASE_TAGS[kind] == "planning":
        release["planning"] = {"rationale": procurement.description, "documents": [document]}
        release["tender"] = _tender(procurement, status="planning")
    elif kind == NoticeKind.UK4:
        release["tender"] = {**_tender(procurement, status="active"), "documents": [document]}
    elif kind in MARKET_STATUS:
        release["tender"] = _market_tender(notice, document)
    elif kind == NoticeKind.UK12:
        release["tender"] = {
            **_tender(procurement, status="cancelled"),
            "documents": [document],
            "finalStatusDate": timestamp(procurement.terminated_at or notice.published_at),
        }
    else:
        release["tender"] = _tender(procurement, status="complete" if kind == NoticeKind.UK7 else "active")
        awards = [notice.award] if notice.award_id else list(procurement.awards.select_related("supplier", "lot"))
        for award in awards:
            parties.setdefault(award.supplier_id, party(award.supplier, ["supplier"]))
        if kind == NoticeKind.UK5:
            release["awards"] = [
                {"id": f"{procurement.reference}-direct", "status": "pending", "documents": [document],
                 "suppliers": [{"id": party_id(a.supplier), "name": a.supplier.name} for a in awards]}
            ]  # fmt: skip
        elif kind == NoticeKind.UK6:
            release["awards"] = [{**_award(award), "documents": [document]} for award in awards]
        else:  # UK7: the contract details, the award it came from alongside
            release["tag"] = ["award", "contract"]
            release["awards"] = [_award(award) for award in awards]
            release["contracts"] = [
                {
                    "id": f"{procurement.reference}-{award.lot.number}-contract",
                    "awardID": f"{procurement.reference}-{award.lot.number}",
                    "title": f"Lot {award.lot.number}: {award.lot.title}",
                    "status": "active",
                    "value": money(award.value, procurement.vat_rate),
                    "dateSigned": timestamp(award.signed_on) if award.signed_on else None,
                    "aboveThreshold": procurement.above_threshold,
                    "noAgreedMetricsRationale": "Key performance indicators are set in the contract's service levels"
                    if procurement.light_touch
                    else None,
                    "documents": [document],
                }
                for award in awards
                if award.signed_on
            ]
    if procurement.framework_id:
        # A call-off is its own contracting process, linked to the agreement it is made under.
        release["relatedProcesses"] = [
            {
                "id": "1",
                "relationship": ["framework"],
                "title": procurement.framework.title,
                "scheme": "ocid",
                "identifier": ocid_for(procurement.framework),
            }
        ]
    release["parties"] = list(parties.values())
    return without_empty(release)


def _market_tender(notice: Any, document: dict[str, Any]) -> dict[str, Any]:
    """A dynamic market's tender section: open to applications until it ends, its changes as
    amendments (each change's summary, from the procurement's log)."""
    procurement, kind = notice.procurement, notice.kind
    ended = kind == NoticeKind.UK16
    tender = {**_tender(procurement, status="complete" if ended else "active"), "documents": [document]}
    tender["techniques"] = {
        "hasDynamicPurchasingSystem": True,
        "dynamicPurchasingSystem": {"status": MARKET_STATUS[kind]},
    }
    changes = procurement.events.filter(action="dynamic market changed", refused=False, at__lte=notice.published_at)
    tender["amendments"] = [
        {"id": str(number), "date": timestamp(change.at), "description": change.detail}
        for number, change in enumerate(changes.order_by("at", "pk"), start=1)
    ]
    if ended:
        tender["finalStatusDate"] = timestamp(procurement.terminated_at or notice.published_at)
    return tender


def without_empty(value: Any) -> Any:
    """OCDS leaves out what is not known rather than sending nulls and empty lists."""
    if isinstance(value, dict):
        return {k: without_empty(v) for k, v in value.items() if v not in (None, [], "", {})}
    if isinstance(value, list):
        return [without_empty(v) for v in value]
    return value


def package_metadata(uri: str) -> dict[str, Any]:
    """What every release package this service publishes says about itself."""
    return {
        "uri": uri,
        "publisher": {"name": settings.OCDS_PUBLISHER_NAME, "uri": settings.PUBLIC_BASE_URL},
        "license": LICENSE,
        "publication_policy": PUBLICATION_POLICY,
    }
