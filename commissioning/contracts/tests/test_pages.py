"""The contract pages as each persona meets them: who may open which page (and how many queries it
runs), a provider seeing its own contracts only, entering and varying a contract through the pages,
and what a user is told when a page refuses."""

from __future__ import annotations

import datetime
import html
import itertools
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commissioning.contracts import services
from commissioning.contracts.models import Contract
from commissioning.contracts.tests.factories import contract_for, providers_for, signed_award
from commissioning.testing import EVERYONE, check_page_access, check_queries_do_not_grow, expect

pytestmark = pytest.mark.django_db

STAFF = {"alice", "carl", "sonia", "colin", "ada", "iris", "steve", "sally"}
TRAFFORD = {"alice", "carl", "sonia", "colin", "ada"}
WORKERS = {"alice", "carl", "ada"}
KEEPERS = {"alice", "carl", "ada", "iris", "steve", "sally"}
PROVIDERS = {"pam", "pete"}
TODAY = datetime.date.today()


@pytest.fixture
def scene(world):
    providers = providers_for(world)
    contract = contract_for(
        world.alice, providers.a, extension_months=[12], capacity=Decimal(2000), unit_price=Decimal("22.50")
    )
    services.call_off_request(
        by=world.sonia, contract=contract, units=Decimal("10.5"), starts_on=contract.starts_on,
        weekly_cost=Decimal("236.25"), package_reference="PKG-1",
    )  # fmt: skip
    services.kpi_add(
        by=world.alice, contract=contract, name="Visits on time", definition="Within 15 minutes", unit="% of visits",
        target=Decimal(95),
    )  # fmt: skip
    services.document_upload(
        by=world.alice, contract=contract, title="Signed contract", file_name="contract.txt", content=b"Signed"
    )
    return providers, contract


def _matrix(contract):
    part = contract.extensions.first().pk
    kpi = contract.kpis.first().pk
    document = contract.documents.first().pk
    change = expect(WORKERS, forbidden={"sonia", "colin", "pam"})
    first = contract.block_call_offs.first().pk
    call_off = expect(WORKERS | {"sonia"}, forbidden={"colin", "pam"})
    decide = expect({"pam"}, forbidden=TRAFFORD)
    return [
        ("register", reverse("contracts:index"), expect(STAFF, forbidden=EVERYONE - STAFF)),
        ("your contracts", reverse("contracts:provider-list"), expect(PROVIDERS, forbidden=EVERYONE - PROVIDERS)),
        ("new contract", reverse("contracts:create"), expect(KEEPERS, forbidden=EVERYONE - KEEPERS)),
        ("contract", contract.get_absolute_url(), expect(TRAFFORD | {"pam"})),
        ("history", reverse("contracts:history", args=[contract.pk]), expect(TRAFFORD, forbidden={"pam"})),
        ("document", reverse("contracts:document", args=[contract.pk, document]), expect(TRAFFORD | {"pam"})),
        ("edit", reverse("contracts:edit", args=[contract.pk]), change),
        ("variation", reverse("contracts:variation-create", args=[contract.pk]), change),
        ("terminate", reverse("contracts:terminate", args=[contract.pk]), change),
        ("extension", reverse("contracts:extension-create", args=[contract.pk]), change),
        ("use extension", reverse("contracts:extension-use", args=[contract.pk, part]), change),
        ("upload", reverse("contracts:document-upload", args=[contract.pk]), change),
        ("kpi", reverse("contracts:kpi-create", args=[contract.pk]), change),
        ("kpi edit", reverse("contracts:kpi-edit", args=[contract.pk, kpi]), change),
        ("standard", reverse("contracts:standard-create", args=[contract.pk]), change),
        ("utilisation", reverse("contracts:utilisation", args=[contract.pk]), expect(TRAFFORD | {"pam"})),
        ("call off", reverse("contracts:call-off-create", args=[contract.pk]), call_off),
        ("decide call-off", reverse("contracts:call-off-decide", args=[contract.pk, first]), decide),
        ("end call-off", reverse("contracts:call-off-end", args=[contract.pk, first]), call_off),
    ]


def test_who_may_open_each_page(world, client_for, scene):
    _, contract = scene
    for name, url, expected in _matrix(contract):
        check_page_access(world, client_for, name, url, expected)
    assert client_for(None).get(reverse("contracts:index")).status_code == 302


def test_the_award_page_is_the_buyers_only(world, client_for):
    providers_for(world)
    award = signed_award(world)
    url = reverse("contracts:from-award", args=[award.pk])
    check_page_access(world, client_for, "from award", url, expect(WORKERS, forbidden=EVERYONE - KEEPERS))


def test_pages_do_not_run_a_query_per_row(world, client_for, scene):
    providers, contract = scene
    count = itertools.count()

    def grow() -> None:
        number = next(count)
        other = contract_for(
            world.alice, providers.a, title=f"Spot placement {number}", kind="spot", extension_months=[6],
            ends_on=TODAY + datetime.timedelta(days=30), framework=None,
        )  # fmt: skip
        services.variation_add(
            by=world.alice, contract=contract, reason=f"Uplift {number}", effective_on=contract.starts_on,
            approved_by=world.alice, approved_on=TODAY, value_change=Decimal(10),
        )  # fmt: skip
        services.kpi_add(
            by=world.alice, contract=other, name=f"KPI {number}", definition="d", unit="%", frequency="monthly"
        )
        services.standard_add(by=world.alice, contract=contract, description=f"Outcome {number}")
        services.call_off_request(
            by=world.alice, contract=contract, units=Decimal(1), starts_on=contract.starts_on, weekly_cost=Decimal(1)
        )

    pages = [page for page in _matrix(contract) if page[0] in ("register", "your contracts", "contract", "utilisation")]
    check_queries_do_not_grow(client_for, pages, grow)


def test_a_provider_sees_its_own_contracts_and_never_anothers(world, client_for, scene):
    providers, contract = scene
    pete_contract = contract_for(world.alice, providers.b, title="Care home beds, Elm Court")
    stockport = contract_for(world.steve, providers.a, title="Stockport homecare")
    pam = client_for(world.pam).get(reverse("contracts:provider-list")).content.decode()
    assert contract.title in pam and stockport.title in pam and pete_contract.title not in pam
    detail = client_for(world.pam).get(contract.get_absolute_url()).content.decode()
    assert "Visits on time" in detail and "Change the contract" not in detail and "History of changes" not in detail
    assert client_for(world.pam).get(pete_contract.get_absolute_url()).status_code == 404
    assert client_for(world.pete).get(contract.get_absolute_url()).status_code == 404
    register = client_for(world.alice).get(reverse("contracts:index")).content.decode()
    assert contract.title in register and stockport.title not in register
    assert client_for(world.alice).get(stockport.get_absolute_url()).status_code == 404


def test_a_contract_entered_and_varied_through_the_pages(world, client_for, scene):
    providers, _ = scene
    alice = client_for(world.alice)
    data = {
        "title": "Care home beds for older people", "kind": "block", "provider": providers.b.pk,
        "service_type": "nursing", "client_group": "older_people", "regime": "pa23", "light_touch": "on",
        "value": "1,200,000", "vat_rate": "0", "starts_on-day": "1", "starts_on-month": "4", "starts_on-year": "2026",
        "ends_on-day": "31", "ends_on-month": "3", "ends_on-year": "2028", "alert_months": "6",
        "entered_directly_reason": "Let on paper in 2025", "extension_months": "12, 12",
    }  # fmt: skip
    response = alice.post(reverse("contracts:create"), data)
    assert response.status_code == 200 and "Enter an amount in pounds and pence" in response.content.decode()
    response = alice.post(reverse("contracts:create"), {**data, "value": "1200000.00"})
    assert response.status_code == 302
    contract = Contract.objects.get(title="Care home beds for older people")
    assert contract.extensions.count() == 2 and contract.value == Decimal("1200000.00")
    page = alice.get(response.url).content.decode()
    assert "£1,200,000.00 excluding VAT" in page and "Entered directly: Let on paper in 2025" in page
    variation = {
        "kind": "price_review", "effective_on-day": "1", "effective_on-month": "4", "effective_on-year": "2027",
        "reason": "Annual uplift", "value_change": "36000", "approved_by": world.alice.pk,
        "approved_on-day": TODAY.day, "approved_on-month": TODAY.month, "approved_on-year": TODAY.year,
    }  # fmt: skip
    response = alice.post(reverse("contracts:variation-create", args=[contract.pk]), variation)
    assert response.status_code == 302
    page = alice.get(contract.get_absolute_url()).content.decode()
    assert "Price review 1" in page and "£1,236,000.00 excluding VAT" in page


def test_a_variation_after_termination_is_refused_on_the_page(world, client_for, scene):
    _, contract = scene
    services.contract_terminate(by=world.alice, contract=contract, terminated_on=TODAY, reason="Provider closed")
    response = client_for(world.alice).post(
        reverse("contracts:variation-create", args=[contract.pk]),
        {
            "kind": "variation", "effective_on-day": "1", "effective_on-month": "5", "effective_on-year": "2026",
            "reason": "More hours", "value_change": "100", "approved_by": world.alice.pk,
            "approved_on-day": TODAY.day, "approved_on-month": TODAY.month, "approved_on-year": TODAY.year,
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert "a terminated contract cannot be varied" in response.content.decode()
    assert not contract.variations.exists()
    page = client_for(world.alice).get(contract.get_absolute_url()).content.decode()
    assert "Terminated: ends on" in page and "Record a variation" not in page


def test_the_register_filters_and_flags_contracts_ending_soon(world, client_for, scene):
    providers, contract = scene
    soon = contract_for(
        world.alice, providers.b, title="Day opportunities", kind="grant", service_type="day_services",
        starts_on=TODAY - datetime.timedelta(days=300), ends_on=TODAY + datetime.timedelta(days=45),
    )  # fmt: skip
    alice = client_for(world.alice)
    page = alice.get(reverse("contracts:index")).content.decode()
    assert "1 contract is ending soon" in page and "no extension options left" in page
    filtered = alice.get(reverse("contracts:index"), {"ending_soon": "true"}).content.decode()
    assert soon.title in filtered and contract.title not in filtered
    by_kind = alice.get(reverse("contracts:index"), {"kind": "grant"}).content.decode()
    assert soon.title in by_kind and contract.title not in by_kind
    by_provider = alice.get(reverse("contracts:index"), {"q": providers.a.name}).content.decode()
    assert contract.title in by_provider and soon.title not in by_provider


def test_kpis_start_from_the_tender_and_a_document_downloads(world, client_for):
    providers_for(world)
    award = signed_award(world)
    alice = client_for(world.alice)
    response = alice.post(
        reverse("contracts:from-award", args=[award.pk]),
        {"kind": "spot", "client_group": "older_people", "starts_on-day": TODAY.day, "starts_on-month": TODAY.month,
         "starts_on-year": TODAY.year, "ends_on-day": "31", "ends_on-month": "3", "ends_on-year": TODAY.year + 2},
    )  # fmt: skip
    assert response.status_code == 302
    contract = Contract.objects.get(award=award)
    question = award.procurement.questions.get()
    url = reverse("contracts:kpis-from-tender", args=[contract.pk])
    assert alice.post(url, {"questions": [question.pk]}).status_code == 302
    assert alice.post(url, {"questions": [question.pk]}).status_code == 302  # a fresh form: nothing copied twice
    page = alice.get(contract.get_absolute_url()).content.decode()
    assert "How will you keep the same carers visiting?" in page and "Target to agree" in page
    assert contract.kpis.count() == 1
    upload = reverse("contracts:document-upload", args=[contract.pk])
    bad = alice.post(upload, {"title": "Macro", "file": SimpleUploadedFile("run.exe", b"MZ")})
    assert bad.status_code == 200 and "Upload a PDF, Word" in bad.content.decode()
    alice.post(upload, {"title": "Signed", "file": SimpleUploadedFile("signed.pdf", b"%PDF-1.7 signed")})
    document = contract.documents.get()
    download = client_for(world.pam).get(reverse("contracts:document", args=[contract.pk, document.pk]))
    assert download.content == b"%PDF-1.7 signed" and "signed.pdf" in download["Content-Disposition"]


def test_a_social_worker_calls_off_the_block_and_the_provider_accepts_on_the_pages(world, client_for, scene):
    _, contract = scene
    sonia = client_for(world.sonia)
    url = reverse("contracts:call-off-create", args=[contract.pk])
    start = {"starts_on-day": contract.starts_on.day, "starts_on-month": contract.starts_on.month,
             "starts_on-year": contract.starts_on.year}  # fmt: skip
    too_many = sonia.post(url, {"units": "1990", "weekly_cost": "100.00", **start})
    assert "Beyond the block's capacity: 1989.5 hours a week left" in html.unescape(too_many.content.decode())
    sonia.post(url, {"units": "20", "weekly_cost": "450.00", "package_reference": "PKG-2", **start})
    made = contract.block_call_offs.get(package_reference="PKG-2")
    assert made.status == "requested"

    pam = client_for(world.pam)
    page = pam.get(contract.get_absolute_url()).content.decode()
    assert "Accept or decline" in page
    decide = reverse("contracts:call-off-decide", args=[contract.pk, made.pk])
    assert "why" in pam.post(decide, {"accept": "no", "reason": ""}).content.decode()
    pam.post(decide, {"accept": "yes"})
    made.refresh_from_db()
    assert made.status == "accepted"
    use = client_for(world.alice).get(reverse("contracts:utilisation", args=[contract.pk]) + "?by=month")
    assert "30.50" in use.content.decode()  # 10.5 + 20 hours a week in use this month


def test_a_providers_market_page_lists_the_contracts_the_reader_may_see(world, client_for, scene):
    providers, contract = scene
    url = providers.a.get_absolute_url()
    assert contract.title in client_for(world.alice).get(url).content.decode()
    own = client_for(world.pam).get(url).content.decode()
    assert "Your contracts" in own and contract.title in own
    assert contract.title not in client_for(world.steve).get(url).content.decode()  # another council's
