"""The demo council's procurements, made through the procurement services as its people would:

- Trafford homecare 2027: two lots, three bidders, the bids opened by two officers and evaluated,
  one abnormally low price explained and accepted, summaries sent, and lot 1 awarded with a
  voluntary standstill (homecare is light touch). Lot 2 is evaluated and left for a visitor to award.
- Trafford extra care housing support: published and still taking bids, with a question asked and
  answered and one sealed bid received.
- Trafford care home placements: a dynamic market, announced and set up, with one member admitted
  and one application awaiting a decision.

The bids, prices, scores and declarations are invented for the demo (each procurement is marked
demo). The one write outside the services moves the homecare deadline into the past: the demo
compresses the weeks between publishing and opening into one load.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from commissioning.accounts.models import Organisation, User
from commissioning.analytics.working_days import is_working_day
from commissioning.cycles.models import CommissioningCycle
from commissioning.cycles.selectors import team_cycle_list
from commissioning.demo.people import COUNCIL, PROVIDER_C
from commissioning.market.models import Provider
from commissioning.market.services import link_provider_organisation
from commissioning.procurement import services
from commissioning.procurement.models import Bid, OpeningKey, Procurement
from commissioning.strategy.models import PlannedProcurement, ServiceDesign

# For the demo only: the opening officers' passphrases, printed here so that a visitor can sign in
# as either officer and see what an opening key is. Real officers choose their own and tell nobody.
DEMO_OPENING_PASSPHRASES = {
    "tom.walsh@trafford.example": "tom opens the demo bids",
    "sam.patel@trafford.example": "sam is independent of the panel",
}

HOMECARE = "Trafford homecare 2027"
EXTRA_CARE = "Trafford extra care housing support"
CARE_HOME_MARKET = "Trafford care home placements"

HOMECARE_DESCRIPTION = (
    "Homecare for adults in Trafford, most of them older people, bought in two lots by neighbourhood. "
    "Contracts run for three years from April 2027, with options to extend by up to two more; the "
    "estimated value covers the whole term, extensions included (invented for the demo)."
)
HOMECARE_SPECIFICATION = (
    "Person-centred homecare seven days a week, 7am to 10pm, for people the council assesses as eligible.\n"
    "Visits at the times people choose, none shorter than 30 minutes except medication checks.\n"
    "Care workers paid at least the real living wage, with travel time paid.\n"
    "Each person sees a small team of regular care workers.\n"
    "Price: the total for the lot's estimated hours over the whole term, extensions included."
)

# (title, description, value, capacity)
HOMECARE_LOTS = [
    ("North Trafford", "Stretford, Old Trafford, Urmston, Davyhulme, Flixton and Partington", "6400000.00",
     "About 950 hours a week"),
    ("South Trafford", "Sale, Altrincham, Timperley, Hale and Bowdon", "5600000.00", "About 850 hours a week"),
]  # fmt: skip

# (key, section, question, guidance, weight within its section, minimum score)
HOMECARE_QUESTIONS = [
    ("recruitment", "quality",
     "How will you recruit, train and keep enough care workers to deliver the lot's hours from the first day and "
     "throughout the contract?",
     "Cover pay (the real living wage at least), paid travel time, contracted hours, training and progression. "
     "Up to 500 words.", 25, 2),
    ("visits", "quality",
     "How will you plan visits around each person, so that they choose when their visits happen and what happens "
     "in them?",
     "Cover how times are agreed and changed, visit lengths, and what you do when a visit will be late. "
     "Up to 500 words.", 20, None),
    ("safeguarding", "quality",
     "How will you keep people safe from abuse and neglect, and work with the council's safeguarding team when "
     "you have a concern?",
     "Cover training, how staff raise concerns, medicines safety and learning from incidents. Up to 500 words.",
     20, 2),
    ("continuity", "quality",
     "How will you make sure each person sees the same small team of care workers?",
     "Say what share of visits you expect to be by a person's regular care workers, and how you will measure and "
     "report it. Up to 300 words.", 20, None),
    ("mobilisation", "quality",
     "How will you take on the lot's packages safely in the first twelve weeks, including people moving from "
     "another provider?",
     "Give a week-by-week plan, who leads it, and how people and their families are kept informed. "
     "Up to 500 words.", 15, None),
    ("social_value", "social_value",
     "What will you do for Trafford's communities during the contract, and how will you measure it?",
     "For example local jobs and apprenticeships, greener travel between visits, and volunteering. Commitments "
     "are monitored under the contract. Up to 300 words.", 100, None),
]  # fmt: skip

# Each bidder's answer to each question, the two assessors' own scores (Priya, Grace), and the
# moderated score with the reason the bidder reads in its assessment summary (all invented).
BIDS: dict[str, dict[str, tuple[str, int, int, int, str]]] = {
    "dawn": {
        "recruitment": (
            "We recruit in Partington, Carrington and Flixton, so most of our care workers walk or cycle to their "
            "rounds. Everyone is paid £12.85 an hour with travel time and mileage, on contracts of guaranteed hours, "
            "and our staff turnover last year was 14%. New starters shadow for two weeks and complete the Care "
            "Certificate within twelve.",
            4,
            4,
            4,
            "Excellent: pay above the real living wage, guaranteed hours and low turnover, with evidence.",
        ),
        "visits": (
            "A coordinator visits each person before care starts to agree the times and what happens in each visit. "
            "People can change a time with a day's notice by phone or through their family. If a visit will be more "
            "than 15 minutes late the office rings the person.",
            4,
            3,
            4,
            "Excellent: times agreed with each person and a clear promise when a visit runs late.",
        ),
        "safeguarding": (
            "Every care worker completes safeguarding training at induction and each year, and medicines training "
            "before giving medicines. Concerns go to the registered manager the same day and to the council's "
            "safeguarding team within 24 hours. We review every incident monthly.",
            3,
            3,
            3,
            "Good: sound training and reporting; less evidence of how lessons change practice.",
        ),
        "continuity": (
            "Each person has a team of no more than four regular care workers, planned round by round. Last year "
            "88% of visits were by a person's regular team; we will report the figure monthly.",
            4,
            4,
            4,
            "Excellent: small teams, a measured 88% and monthly reporting.",
        ),
        "mobilisation": (
            "Our registered manager leads mobilisation with two coordinators. We will take on packages in four "
            "groups over twelve weeks, meeting each person first, and recruit 20 care workers before the start.",
            3,
            2,
            3,
            "Good: a phased plan with named leads; the recruitment before the start is ambitious.",
        ),
        "social_value": (
            "We will offer six apprenticeships a year to Partington residents and move our round cars to electric "
            "by the second year. Staff get a paid volunteering day each year.",
            3,
            3,
            3,
            "Good: local apprenticeships and greener travel, with measures.",
        ),
    },
    "ravi": {
        "recruitment": (
            "We pay the real living wage with travel time and offer contracted hours to everyone who wants them. "
            "Our national training academy gives each care worker a development plan, and our turnover is 22%.",
            3,
            3,
            3,
            "Good: real living wage, travel time and a development plan for each care worker.",
        ),
        "visits": (
            "Visit times are agreed at the first visit and reviewed after six weeks. Our rostering system alerts "
            "the office when a visit is running late, and the office tells the person.",
            3,
            2,
            3,
            "Good: times agreed and reviewed; the choice of what happens in a visit is less clear.",
        ),
        "safeguarding": (
            "Safeguarding is led by a named manager for Trafford and overseen by our national safeguarding team. "
            "Care workers are trained at induction and yearly, medicines records are electronic and checked daily, "
            "and every incident is reviewed with what we learnt shared across our services.",
            4,
            4,
            4,
            "Excellent: clear leadership, daily medicines checks and learning shared across services.",
        ),
        "continuity": (
            "Each person has a regular team of up to five care workers. We aim for 80% of visits by the regular "
            "team and report it each quarter.",
            3,
            3,
            3,
            "Good: a regular team and a target, reported quarterly.",
        ),
        "mobilisation": (
            "A mobilisation manager from our national team leads a twelve-week plan, with weekly meetings with the "
            "council and a letter and call to each person before their care moves.",
            3,
            3,
            3,
            "Good: a tested national approach with weekly reporting to the council.",
        ),
        "social_value": (
            "We will recruit from Trafford's job centres, offer four apprenticeships a year and run a community "
            "café at our Sale office.",
            3,
            4,
            3,
            "Good: local recruitment and apprenticeships; measures to be agreed.",
        ),
    },
    "amy": {
        "recruitment": (
            "We pay the real living wage and travel time, and recruit through our supported living services in "
            "Trafford. Every care worker completes the Care Certificate and mental health awareness training.",
            3,
            2,
            3,
            "Good: real living wage and travel time; recruitment plans rely on existing services.",
        ),
        "visits": (
            "People choose their visit times at assessment and can change them through their key worker. We will "
            "not schedule visits shorter than 30 minutes.",
            3,
            3,
            3,
            "Good: people choose times, and no short visits.",
        ),
        "safeguarding": (
            "All staff are trained at induction and every year, and concerns are raised the same day. Our quality "
            "team audits medicines records each month.",
            3,
            3,
            3,
            "Good: training, prompt reporting and monthly audits.",
        ),
        "continuity": (
            "Rounds are planned so that people see care workers they know. We will report continuity to the council "
            "each quarter.",
            2,
            3,
            3,
            "Good: continuity planned and reported; no figure given for the share of regular visits.",
        ),
        "mobilisation": (
            "Our operations manager will lead mobilisation over twelve weeks, recruiting as packages transfer.",
            2,
            2,
            2,
            "Acceptable: a lead and a timescale, but recruiting as packages transfer is a risk.",
        ),
        "social_value": (
            "We will advertise jobs locally and support staff to volunteer with mental health charities.",
            2,
            2,
            2,
            "Acceptable: local jobs, with few measures.",
        ),
    },
}

# Prices for the whole term. Partington's lot 1 price is about 23% below the others' mean, so it is
# flagged as abnormally low and must be explained. Lot 2 draws two bids.
PRICES = {
    ("dawn", 1): "4780000.00",
    ("ravi", 1): "6120000.00",
    ("amy", 1): "6280000.00",
    ("ravi", 2): "5460000.00",
    ("amy", 2): "5310000.00",
}

RECRUITMENT_PLAN = """Partington Homecare (demo): recruitment and retention plan for North Trafford

Pay: GBP 12.85 an hour, travel time and 45p a mile paid; guaranteed-hours contracts for everyone.
Recruiting: local jobs fairs in Partington, Carrington and Flixton; a refer-a-friend bonus of GBP 250.
Training: two weeks' shadowing; the Care Certificate within twelve weeks; medicines training before
giving medicines; a yearly refresher in safeguarding and moving and handling.
Keeping staff: rounds of walking distance where we can; monthly supervision; a senior care worker
post for every ten care workers.
Measures: turnover (14% last year), vacancies, and visits by a person's regular team (88%).
"""

LOW_PRICE_EXPLANATION = (
    "Our rounds in North Trafford are compact: travel between visits averages 6 minutes, against the 14 minutes "
    "the council's rates assume, so more of each paid hour is care. We pay £12.85 an hour with travel time and "
    "mileage, and our office and rostering costs are already shared with our existing work. Our price breakdown "
    "(pay, on-costs, travel, training, overheads and a 3% surplus) is attached to this explanation."
)
LOW_PRICE_REASON = (
    "The breakdown pays the real living wage, travel time and on-costs at the levels in our cost of care exercise; "
    "the lower price comes from shorter travel on compact rounds, which is credible for North Trafford. Accepted; "
    "pay rates will be checked at the quarterly contract meetings."
)


def load_procurement(people: dict[str, User], organisations: dict[str, Organisation], log: list[str]) -> None:
    council = organisations[COUNCIL]
    _link_demo_agency(organisations)
    wanted = {HOMECARE: load_homecare, EXTRA_CARE: load_extra_care, CARE_HOME_MARKET: load_care_home_market}
    titles = set(
        Procurement.objects.filter(organisation=council, title__in=list(wanted)).values_list("title", flat=True)
    )
    if titles == set(wanted):
        log.append("Procurement demo records: already there")
        return
    _opening_keys(people)
    for title, load in wanted.items():
        if title not in titles:
            log.append(load(people))
    log.append(
        "Procurement demo opening officers: Tom Walsh and Sam Patel; their passphrases (demo only) are in "
        "DEMO_OPENING_PASSPHRASES in commissioning/demo/procurement.py"
    )


def _link_demo_agency(organisations: dict[str, Organisation]) -> None:
    """The invented homecare agency's people act for it in the market (the market is loaded after
    the organisations, so the first load links it here)."""
    agency = Provider.objects.filter(name=PROVIDER_C, organisation__isnull=True).first()
    if agency is not None and PROVIDER_C in organisations:
        link_provider_organisation(provider=agency, organisation=organisations[PROVIDER_C], by=None)


def _opening_keys(people: dict[str, User]) -> None:
    for email, passphrase in DEMO_OPENING_PASSPHRASES.items():
        person = people[email.split(".")[0]]
        if not OpeningKey.objects.filter(person=person).exists():
            services.opening_key_set(by=person, passphrase=passphrase)


def _older_people_cycle(priya: User) -> CommissioningCycle | None:
    return (
        team_cycle_list(priya)
        .filter(lead_organisation=priya.organisation, title__startswith="Older people's care and support")
        .first()
    )


def _set_up(
    procurement: Procurement,
    priya: User,
    people: dict[str, User],
    panel: list[tuple[str, str]],
    lots: list[tuple[str, str, str, str]],
    questions: list[tuple[str, str, str, str, int, int | None]],
    interests: dict[str, tuple[str, str]],
    assessment: str,
) -> None:
    """Lots, questions, the panel, the two opening officers, everyone's declarations and the
    conflicts assessment, then publish."""
    for title, description, value, capacity in lots:
        services.lot_create(
            by=priya, procurement=procurement, title=title, description=description,
            estimated_value=Decimal(value), capacity=capacity,
        )  # fmt: skip
    for _key, section, question, guidance, weight, minimum in questions:
        services.question_create(
            by=priya, procurement=procurement, section=section, question=question, guidance=guidance,
            weight=Decimal(weight), minimum_score=minimum,
        )  # fmt: skip
    for name, role in panel:
        services.panel_member_add(by=priya, procurement=procurement, person=people[name], role=role)
    for email in DEMO_OPENING_PASSPHRASES:
        services.opening_officer_add(by=priya, procurement=procurement, person=people[email.split(".")[0]])
    for person, _role in services.involved_people(procurement).values():
        interest, mitigation = interests.get(person.email.split(".")[0], ("", ""))
        services.conflict_declare(
            by=person, procurement=procurement, has_interest=bool(interest), interest=interest, mitigation=mitigation
        )
    services.conflicts_assessment_create(by=priya, procurement=procurement, assessment=assessment)
    procurement.refresh_from_db()
    services.tender_publish(by=priya, procurement=procurement)


def load_homecare(people: dict[str, User]) -> str:
    """The homecare tender from set-up to an award in standstill."""
    priya, grace, tom = people["priya"], people["grace"], people["tom"]
    today = timezone.localdate()
    cycle = _older_people_cycle(priya)
    planned = (
        PlannedProcurement.objects.filter(plan__cycle=cycle, service_type="homecare").order_by("pk").first()
        if cycle is not None
        else None
    )
    procurement = services.procurement_create(
        by=priya, is_demo=True, planned=planned, cycle=cycle, title=HOMECARE, description=HOMECARE_DESCRIPTION,
        service_type="homecare", cpv_code="85312000-9", commenced_on=today - datetime.timedelta(days=61),
        estimated_value=Decimal("12000000.00"), procedure="open", specification=HOMECARE_SPECIFICATION,
        price_weight=Decimal(40), quality_weight=Decimal(50), social_value_weight=Decimal(10),
        deadline=timezone.now() + datetime.timedelta(hours=2),
    )  # fmt: skip
    _set_up(
        procurement, priya, people,
        panel=[("priya", "assessor"), ("grace", "assessor"), ("tom", "moderator")],
        lots=HOMECARE_LOTS, questions=HOMECARE_QUESTIONS,
        interests={"grace": (
            "A close friend is a care coordinator at Partington Homecare (demo), one of the likely bidders. "
            "No financial interest.",
            "Grace scores on her own like every assessor; the moderator compares her scores for that bidder with "
            "Priya's, and Grace takes no part in the award decision.",
        )},
        assessment="Grace Okafor declared a personal (not financial) interest in Partington Homecare (demo). It is "
        "mitigated by independent scoring and moderation, and she takes no part in the award decision. Priya "
        "Shah, Tom Walsh and Sam Patel declared no interests. Sam Patel, an opening officer, is independent of "
        "the panel.",
    )  # fmt: skip
    lots = {lot.number: lot for lot in procurement.lots.all()}
    ordered = procurement.questions.order_by("number")
    questions = {row[0]: question for row, question in zip(HOMECARE_QUESTIONS, ordered, strict=True)}
    bids: dict[tuple[str, int], Bid] = {}
    for (name, number), price in PRICES.items():
        documents = (
            [services.BidDocument("recruitment-and-retention-plan.txt", RECRUITMENT_PLAN.encode())]
            if name == "dawn"
            else []
        )
        answers = {str(questions[key].pk): text for key, (text, *_scores) in BIDS[name].items()}
        bids[name, number] = services.bid_submit(
            by=people[name], procurement=procurement, lot=lots[number], price=Decimal(price), answers=answers,
            documents=documents,
        )  # fmt: skip
    # The demo compresses time: the deadline passes as soon as the bids are in.
    Procurement.objects.filter(pk=procurement.pk).update(deadline=timezone.now())
    for email, passphrase in DEMO_OPENING_PASSPHRASES.items():
        services.opening_act(by=people[email.split(".")[0]], procurement=procurement, passphrase=passphrase)
    descriptors = procurement.descriptors
    for (name, _number), bid in bids.items():
        bid.refresh_from_db()
        for key, (_text, by_priya, by_grace, agreed, reason) in BIDS[name].items():
            question = questions[key]
            for assessor, score in ((priya, by_priya), (grace, by_grace)):
                services.score_record(by=assessor, bid=bid, question=question, score=score, reason=descriptors[score])
            services.moderation_record(by=tom, bid=bid, question=question, score=agreed, reason=reason)
    services.evaluation_finish(by=priya, procurement=procurement)
    low = Bid.objects.get(pk=bids["dawn", 1].pk)
    services.low_price_request(by=priya, bid=low)
    services.low_price_explain(by=people["dawn"], bid=low, explanation=LOW_PRICE_EXPLANATION)
    services.low_price_decide(by=priya, bid=low, accepted=True, reason=LOW_PRICE_REASON)
    sent = services.summaries_send(by=priya, procurement=procurement)
    award = services.award_decide(
        by=priya, procurement=procurement, lot=lots[1], notice_published_on=today, voluntary_standstill=True
    )
    winner = award.bid.organisation
    return (
        f"Procurement demo: {procurement.reference} {HOMECARE}: {len(bids)} bids opened and evaluated, "
        f"{sent} summaries sent; lot 1 awarded to {winner}, in standstill until {award.standstill_last_day:%d %B %Y}; "
        "lot 2 evaluated, not yet awarded"
    )


EXTRA_CARE_QUESTIONS = [
    ("care", "quality",
     "How will you give planned care and respond to unplanned needs day and night, including falls and "
     "emergencies?", "Cover staffing by day and night, response times and working with the scheme's landlord. "
     "Up to 500 words.", 60, 2),
    ("community", "quality",
     "How will you help tenants stay connected, active and part of the scheme's community?",
     "Cover activities, links with local groups and families, and tenants who rarely leave their flats. "
     "Up to 300 words.", 40, None),
    ("social_value", "social_value",
     "What will you do for Trafford's communities during the contract, and how will you measure it?",
     "For example local jobs and apprenticeships, and volunteering. Up to 300 words.", 100, None),
]  # fmt: skip


def load_extra_care(people: dict[str, User]) -> str:
    """An open tender still taking bids: one question answered and one sealed bid in."""
    priya = people["priya"]
    today = timezone.localdate()
    design = ServiceDesign.objects.filter(organisation=priya.organisation, title="Extra care housing").first()
    # Bids due at noon three weeks from today, or the next working day after.
    due = today + datetime.timedelta(days=21)
    while not is_working_day(due):
        due += datetime.timedelta(days=1)
    deadline = timezone.make_aware(datetime.datetime.combine(due, datetime.time(12)))
    procurement = services.procurement_create(
        by=priya, is_demo=True, cycle=_older_people_cycle(priya), service_design=design, title=EXTRA_CARE,
        description="Care and support on site, day and night, at three extra care housing schemes in Trafford "
        "(invented for the demo). Three years from July 2027, with options to extend by up to two more.",
        service_type="extra_care", cpv_code="85311100-3", commenced_on=today - datetime.timedelta(days=10),
        estimated_value=Decimal("2750000.00"), procedure="open",
        specification="Planned care and support for about 120 tenants, and a response to unplanned needs at any "
        "hour, with one waking night worker at each scheme.\nCare workers paid at least the real living wage.\n"
        "Price: the total for the whole term, extensions included.",
        price_weight=Decimal(40), quality_weight=Decimal(50), social_value_weight=Decimal(10), deadline=deadline,
    )  # fmt: skip
    _set_up(
        procurement, priya, people,
        panel=[("priya", "assessor"), ("tom", "moderator")],
        lots=[("Care and support at three extra care schemes", "Sale, Stretford and Altrincham (demo schemes)",
               "2750000.00", "About 600 hours a week and a waking night worker at each scheme")],
        questions=EXTRA_CARE_QUESTIONS, interests={},
        assessment="Priya Shah, Tom Walsh and Sam Patel declared no interests. Sam Patel, an opening officer, is "
        "independent of the panel.",
    )  # fmt: skip
    lot = procurement.lots.get()
    asked = services.clarification_ask(
        by=people["amy"], procurement=procurement, lot=lot,
        question="Is the night service one waking night worker at each scheme, or one shared across the three? "
        "We currently run the night service at our scheme in Stretford.",
    )  # fmt: skip
    services.clarification_answer(
        by=priya, clarification=asked,
        question="Is the night service one waking night worker at each scheme, or one shared across the three?",
        answer="One waking night worker at each scheme, with an on-call senior shared across the three. The "
        "lot's hours assume this (specification, section 4).",
    )  # fmt: skip
    questions = list(procurement.questions.order_by("number"))
    answers = {
        str(questions[0].pk): "A team leader and care workers on site from 7am to 10pm, and a waking night worker "
        "at each scheme. Tenants wear a pendant alarm answered on site; our target is to reach a tenant within "
        "ten minutes, and we review every fall with the tenant and the landlord.",
        str(questions[1].pk): "Each scheme has an activities coordinator who plans the week with tenants. We link "
        "with local churches, schools and the library, and check on tenants who do not come to the restaurant.",
        str(questions[2].pk): "We will offer three apprenticeships a year to Trafford residents and open the "
        "schemes' restaurants to older neighbours at lunchtime.",
    }
    services.bid_submit(
        by=people["ravi"], procurement=procurement, lot=lot, price=Decimal("2640000.00"), answers=answers
    )
    return (
        f"Procurement demo: {procurement.reference} {EXTRA_CARE}: taking bids until "
        f"{timezone.localtime(deadline):%d %B %Y %H:%M}, 1 question answered, 1 sealed bid received"
    )


def load_care_home_market(people: dict[str, User]) -> str:
    """A dynamic market for care home placements: announced, one supplier admitted, set up, and one
    application waiting for a decision."""
    priya = people["priya"]
    today = timezone.localdate()
    market = services.procurement_create(
        by=priya, is_demo=True, cycle=_older_people_cycle(priya), title=CARE_HOME_MARKET, procedure="dynamic_market",
        description="Residential and nursing care home placements for adults in and near Trafford, bought by "
        "competition among the market's members as needs arise (invented for the demo). Runs four years.",
        service_type="care_home", cpv_code="85311000-2", commenced_on=today - datetime.timedelta(days=40),
        estimated_value=Decimal("18000000.00"), deadline=None,
        membership_conditions="1. Registered with the Care Quality Commission for accommodation for persons who "
        "require nursing or personal care, at a home within 10 miles of Trafford.\n2. The home is not rated "
        "inadequate overall.\n3. Employer's and public liability insurance of at least £5 million each.\n"
        "4. Accounts for the last two years showing the organisation can carry the contracts.",
        market_ends_on=today + datetime.timedelta(days=4 * 365),
    )  # fmt: skip
    services.conflict_declare(by=priya, procurement=market, has_interest=False)
    services.conflicts_assessment_create(
        by=priya, procurement=market, assessment="Priya Shah, who leads the market, declared no interests."
    )
    market = services.market_announce(by=priya, procurement=market)
    admitted = services.membership_apply(
        by=people["joanne"], procurement=market,
        statement="1. Registered for accommodation with nursing at our Sale home (demo).\n2. Rated good.\n"
        "3. Insured to £10 million.\n4. Accounts attached.",
    )  # fmt: skip
    services.membership_decide(by=priya, membership=admitted, admit=True)
    market = services.market_establish(by=priya, procurement=market)
    services.membership_apply(
        by=people["kwame"], procurement=market,
        statement="1. Registered for accommodation for persons who require personal care (a mental health "
        "recovery home, demo).\n2. Rated good.\n3. Insured to £5 million.\n4. Accounts attached.",
    )  # fmt: skip
    return f"Procurement demo: {market.reference} {CARE_HOME_MARKET}: a dynamic market with 1 member, 1 applying"
