"""A starter set for the national policy territory register: the main English laws, statutory
guidance and national frameworks behind adult social care commissioning.

Summaries and duties are written in our own words for commissioners (they paraphrase; the link
is to the official text, which is what counts). Review dates are spread so the register asks to
be checked: items tied to a funding year are already due. `commissioning load_policy_territory`
loads the set; running it again adds only missing items and never overwrites an operator's edits.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from commissioning.accounts.models import Organisation, User
from commissioning.core.choices import ClientGroup
from commissioning.cycles.choices import CycleStatus, PolicyKind
from commissioning.cycles.models import CommissioningCycle, PolicyItem
from commissioning.cycles.services import policy_item_create, policy_link_add

LEGISLATION_GOV_UK = "https://www.legislation.gov.uk"
GOV_UK = "https://www.gov.uk/government/publications"
PARLIAMENT = "UK Parliament"
DHSC = "Department of Health and Social Care"

CARE_ACT = "Care Act 2014"
AUTISM_ACT = "Autism Act 2009"


def _lines(*duties: str) -> str:
    return "\n".join(duties)


STARTER_SET: tuple[dict[str, Any], ...] = (
    {
        "title": CARE_ACT,
        "kind": PolicyKind.LEGISLATION,
        "issued_by": PARLIAMENT,
        "year": 2014,
        "url": f"{LEGISLATION_GOV_UK}/ukpga/2014/23/contents",
        "summary": "The main law for adult social care in England. It says what councils must do for adults "
        "who need care and support and for their carers: from prevention, information and advice, through "
        "assessment and eligibility, to arranging care, looking after the local care market and working with "
        "the NHS.",
        "duties": _lines(
            "Promote each person's wellbeing in everything done for them (section 1)",
            "Prevent, reduce or delay the need for care and support, including carers' needs for support (section 2)",
            "Work towards joining up care and support with health and housing services (section 3)",
            "Run an information and advice service on care and support for everyone in the area, "
            "including people who pay for their own care (section 4)",
            "Shape the local market: encourage a varied, sustainable, good-quality range of care providers so "
            "people have a real choice, whoever pays (section 5)",
            "Assess any adult who appears to need care and support, and any carer who appears to need support "
            "(sections 9 and 10)",
            "Decide eligibility against the national criteria and meet eligible needs (sections 13, 18 and 20)",
            "Make enquiries when an adult at risk may be being abused or neglected (section 42)",
            "If a registered care provider's business fails, meet the needs of the people it served in the area "
            "for as long as needed, whoever paid for their care (sections 48 to 52)",
        ),
        "review_due": datetime.date(2027, 11, 30),
    },
    {
        "title": "Care and support statutory guidance",
        "kind": PolicyKind.STATUTORY_GUIDANCE,
        "issued_by": DHSC,
        "year": 2014,
        "url": f"{GOV_UK}/care-act-statutory-guidance/care-and-support-statutory-guidance",
        "summary": "The guidance that goes with the Care Act 2014. Councils must act under it and should "
        "depart from it only with good reason. Chapter 4, on market shaping and commissioning, explains how "
        "councils should understand and develop their local care market and buy care that puts outcomes and "
        "wellbeing first. It is updated from time to time, so check the current version.",
        "duties": _lines(
            "Commission for outcomes and wellbeing, not only for hours or units of care (chapter 4)",
            "Understand current and future demand and supply, and share it with providers, for example in a "
            "market position statement (chapter 4)",
            "Make sure the fees paid are sustainable and do not undermine quality, care workers' pay and training, "
            "or providers' ability to stay in business (chapter 4)",
            "Avoid very short homecare visits where they would undermine a person's dignity, such as for personal "
            "care (chapter 4)",
            "Involve people who draw on care, carers and providers in designing services (chapter 4)",
            "Plan for provider failure and other disruption so that care continues (chapter 5)",
        ),
        "review_due": datetime.date(2027, 6, 30),
    },
    {
        "title": "Public Services (Social Value) Act 2012",
        "kind": PolicyKind.LEGISLATION,
        "issued_by": PARLIAMENT,
        "year": 2012,
        "url": f"{LEGISLATION_GOV_UK}/ukpga/2012/3/contents",
        "summary": "Requires public bodies buying services to consider, before they start, how the contract "
        "could also improve the economic, social and environmental wellbeing of their area: local jobs, "
        "volunteering, community groups and the environment, for example.",
        "duties": _lines(
            "Before procuring a services contract, consider how what is bought could improve the area's "
            "economic, social and environmental wellbeing",
            "Consider how the procurement itself could secure those improvements, in proportion to the contract",
            "Consider whether to consult anyone about these questions first",
        ),
        "review_due": datetime.date(2027, 3, 31),
    },
    {
        "title": "Procurement Act 2023",
        "kind": PolicyKind.LEGISLATION,
        "issued_by": PARLIAMENT,
        "year": 2023,
        "url": f"{LEGISLATION_GOV_UK}/ukpga/2023/54/contents",
        "summary": "The rules for how councils and other public bodies buy goods and services. It came into "
        "force on 24 February 2025 and replaced the Public Contracts Regulations 2015 for procurements begun "
        "from then. Most care and support services are 'light touch' contracts, with more freedom in how they "
        "are bought. NHS healthcare services bought under the Provider Selection Regime fall outside it.",
        "duties": _lines(
            "Have regard to value for money, public benefit, sharing information and acting with integrity, "
            "and treat suppliers equally unless a difference justifies otherwise (section 12)",
            "Consider the barriers small and medium-sized suppliers face, and whether they can be reduced (section 12)",
            "Have regard to the National Procurement Policy Statement (section 13)",
            "Publish the required notices, before, during and after a procurement, on the central digital platform",
            "Check suppliers against the exclusion grounds and the debarment list before awarding",
            "Identify and deal with conflicts of interest (Part 5)",
            "Keep to a standstill period between an award decision and signing the contract, where one applies",
            "Pay suppliers' valid invoices within 30 days",
        ),
        "review_due": datetime.date(2027, 2, 28),
    },
    {
        "title": "Health and Care Act 2022",
        "kind": PolicyKind.LEGISLATION,
        "issued_by": PARLIAMENT,
        "year": 2022,
        "url": f"{LEGISLATION_GOV_UK}/ukpga/2022/31/contents",
        "summary": "Put integrated care systems into law. Integrated care boards took over NHS commissioning "
        "from clinical commissioning groups on 1 July 2022, and each board's area has an integrated care "
        "partnership with its councils. The Act also gave the Care Quality Commission a duty to assess how well "
        "councils carry out their adult social care duties, and made way for a new regime for choosing NHS "
        "healthcare providers.",
        "duties": _lines(
            "Take part, with the integrated care board, in the integrated care partnership that writes the "
            "area's integrated care strategy",
            "Have regard to the integrated care strategy and the joint strategic needs assessment when commissioning",
            "Prepare for the Care Quality Commission's assessment of how the council meets its Care Act duties, "
            "including commissioning and market shaping (section 163, adding section 46A to the Health and Social "
            "Care Act 2008)",
            "When buying healthcare services, follow the Provider Selection Regime made under powers this Act added",
        ),
        "review_due": datetime.date(2027, 9, 30),
    },
    {
        "title": "Health Care Services (Provider Selection Regime) Regulations 2023",
        "kind": PolicyKind.LEGISLATION,
        "issued_by": DHSC,
        "year": 2023,
        "url": f"{LEGISLATION_GOV_UK}/uksi/2023/1348/contents/made",
        "summary": "How NHS bodies, and councils when they buy healthcare services (drug and alcohol treatment "
        "or sexual health services, say), choose who provides them. In force from 1 January 2024, they let "
        "commissioners keep a good existing provider, pick the most suitable one, or run a competition. Social "
        "care itself is bought under the Procurement Act 2023.",
        "duties": _lines(
            "Choose a provider by one of the regime's processes: direct award A, B or C, the most suitable "
            "provider process, or the competitive process",
            "Act with a view to meeting people's needs and improving the quality and efficiency of services, "
            "and act transparently, fairly and proportionately (regulation 4)",
            "Weigh the key criteria: quality and innovation; value; integration, collaboration and sustainability; "
            "access, health inequalities and choice; and social value (regulation 5)",
            "Publish notices of intended awards and allow a standstill period where the regulations require one",
            "Manage conflicts of interest (regulation 21)",
            "Keep a record of decisions and publish an annual summary of contracts awarded (regulations 24 and 25)",
        ),
        "review_due": datetime.date(2027, 1, 31),
    },
    {
        "title": "Equality Act 2010: public sector equality duty (section 149)",
        "kind": PolicyKind.LEGISLATION,
        "issued_by": PARLIAMENT,
        "year": 2010,
        "url": f"{LEGISLATION_GOV_UK}/ukpga/2010/15/section/149",
        "summary": "Public bodies must think about equality in everything they do, including deciding what care "
        "to buy, changing or closing services and setting contract terms. The duty stays with the council when "
        "a provider delivers a service for it.",
        "duties": _lines(
            "Have due regard to the need to end unlawful discrimination, harassment and victimisation",
            "Have due regard to the need to advance equality of opportunity between people who share a protected "
            "characteristic and people who do not",
            "Have due regard to the need to foster good relations between those groups",
            "Consider the effects on equality before deciding, and record it (an equality impact assessment is the "
            "usual way)",
            "Make reasonable adjustments so disabled people can use services (sections 20 and 29)",
        ),
        "review_due": datetime.date(2027, 11, 30),
    },
    {
        "title": "Mental Capacity Act 2005",
        "kind": PolicyKind.LEGISLATION,
        "issued_by": PARLIAMENT,
        "year": 2005,
        "url": f"{LEGISLATION_GOV_UK}/ukpga/2005/9/contents",
        "summary": "Protects people who may be unable to make some decisions for themselves, and supports them "
        "to make the decisions they can. Everyone who commissions or provides care works within it, and councils "
        "authorise deprivations of liberty in care homes and hospitals.",
        "duties": _lines(
            "Assume a person can make a decision unless it is shown they cannot, and help them decide for "
            "themselves first (section 1)",
            "Make any decision for someone who lacks capacity in their best interests, having regard to "
            "whether a less restrictive option would do (sections 1 and 4)",
            "Arrange an independent mental capacity advocate where the Act requires one (sections 35 to 41)",
            "As the supervisory body, assess and authorise deprivations of liberty in care homes and hospitals "
            "(Deprivation of Liberty Safeguards, Schedule A1)",
            "Commission services whose staff work within the Act and its code of practice",
        ),
        "review_due": datetime.date(2027, 5, 31),
    },
    {
        "title": "Adult Social Care Outcomes Framework (ASCOF)",
        "kind": PolicyKind.NATIONAL_FRAMEWORK,
        "issued_by": DHSC,
        "year": 2011,
        "url": f"{GOV_UK}/adult-social-care-outcomes-framework-handbook-of-definitions",
        "summary": "The national measures of how well adult social care achieves the outcomes that matter to "
        "people, published each year for every council. It was refreshed from April 2023 to follow the Care "
        "Act's duties more closely. Councils use it to compare themselves with others and to set priorities.",
        "duties": _lines(
            "Send the national data collections the measures are worked out from, such as client level data and "
            "the adult social care survey",
            "Use the measures to set local priorities and targets, and to track progress",
            "Report performance openly to residents and to scrutiny",
        ),
        "review_due": datetime.date(2027, 7, 31),
    },
    {
        "title": "Market Sustainability and Improvement Fund and the fair cost of care",
        "kind": PolicyKind.NATIONAL_FRAMEWORK,
        "issued_by": DHSC,
        "year": 2023,
        "url": f"{GOV_UK}/market-sustainability-and-improvement-fund-2023-to-2024",
        "summary": "Grant funding for councils to make their care markets more sustainable, with conditions set "
        "year by year. It followed the 2022 Market Sustainability and Fair Cost of Care Fund, for which councils "
        "worked out the cost of care in care homes for people aged 65 and over and in homecare for people aged "
        "18 and over, and wrote market sustainability plans.",
        "duties": _lines(
            "Spend the grant on market sustainability: higher fee rates, more care workers who stay, and shorter "
            "waits for care",
            "Report to the Department of Health and Social Care on spending and results, as each year's "
            "conditions require",
            "Keep the 2022 cost of care exercise and market sustainability plan in view when setting fees",
            "Check the current year's grant conditions, which change from year to year",
        ),
        "review_due": datetime.date(2026, 4, 1),
    },
    {
        "title": "Better Care Fund policy framework 2025 to 2026",
        "kind": PolicyKind.NATIONAL_FRAMEWORK,
        "issued_by": f"{DHSC} and Ministry of Housing, Communities and Local Government",
        "year": 2025,
        "url": f"{GOV_UK}/better-care-fund-policy-framework-2025-to-2026",
        "summary": "The national conditions for the Better Care Fund, which pools NHS and council money in each "
        "area into a shared budget under a section 75 agreement (National Health Service Act 2006). The council "
        "and the integrated care board agree the plan, and the health and wellbeing board signs it off. A new "
        "framework is issued for each planning period.",
        "duties": _lines(
            "Agree a joint plan with the integrated care board, signed off by the health and wellbeing board",
            "Pool the money in a section 75 agreement under the National Health Service Act 2006",
            "Meet the national conditions, including passing Disabled Facilities Grant money to housing "
            "authorities where they are separate councils",
            "Help people stay independent at home and leave hospital without delay, with local goals for avoidable "
            "admissions, discharge delays and long-term care home admissions",
            "Report progress against the plan",
        ),
        "review_due": datetime.date(2026, 4, 1),
    },
    {
        "title": "Human Rights Act 1998 (and section 73 of the Care Act 2014)",
        "kind": PolicyKind.LEGISLATION,
        "issued_by": PARLIAMENT,
        "year": 1998,
        "url": f"{LEGISLATION_GOV_UK}/ukpga/1998/42/contents",
        "summary": "Public authorities must not act in a way that breaches the rights in the European Convention "
        "on Human Rights. Section 73 of the Care Act 2014 "
        f"({LEGISLATION_GOV_UK}/ukpga/2014/23/section/73) treats registered care providers as public authorities "
        "under the Act when they give care that a council arranges or pays for, in whole or in part, so people "
        "in council-funded care can rely on their rights against the provider as well.",
        "duties": _lines(
            "Act compatibly with Convention rights, such as the right to life, freedom from inhuman or degrading "
            "treatment, liberty, and respect for private and family life (section 6)",
            "Expect registered providers giving council-arranged or council-funded care to act compatibly too "
            "(Care Act 2014, section 73)",
            "Consider people's rights when designing, changing or closing services",
        ),
        "review_due": datetime.date(2027, 11, 30),
    },
    {
        "title": AUTISM_ACT,
        "kind": PolicyKind.LEGISLATION,
        "issued_by": PARLIAMENT,
        "year": 2009,
        "url": f"{LEGISLATION_GOV_UK}/ukpga/2009/15/contents",
        "summary": "Requires the government to keep a national strategy for meeting the needs of autistic adults "
        "in England, and to issue statutory guidance that councils and NHS bodies must act under.",
        "duties": _lines(
            "Act under the statutory guidance that goes with the national autism strategy (section 3)",
            "Plan services for autistic adults, including diagnosis and support after it, from local information "
            "about autistic people",
            "Make sure staff who work with autistic people are trained to do so well",
        ),
        "client_groups": (ClientGroup.AUTISM,),
        "review_due": datetime.date(2027, 3, 31),
    },
    {
        "title": "Carers action plan 2018 to 2020",
        "kind": PolicyKind.NATIONAL_FRAMEWORK,
        "issued_by": DHSC,
        "year": 2018,
        "url": f"{GOV_UK}/carers-action-plan-2018-to-2020",
        "summary": "The government's plan of work across departments to support unpaid carers in England, under "
        "five themes: services and systems that work for carers; work and money; young carers; recognising "
        "carers in the wider community; and better evidence. It covered 2018 to 2020: check whether newer "
        "national policy for carers has replaced it.",
        "duties": _lines(
            "Identify carers early and involve them in planning care for the person they look after",
            "Help carers stay in, or return to, paid work",
            "Recognise young carers and join up support with children's services",
            "Offer carers breaks and support that fit their lives",
        ),
        "client_groups": (ClientGroup.CARERS,),
        "review_due": datetime.date(2025, 6, 30),
    },
)


@transaction.atomic
def load_policy_starter_set(*, by: User | None = None) -> int:
    """Add the starter items missing from the national register (matched by title).

    Items already there are left alone, so an operator's changes are kept. Returns how many were added.
    """
    national = PolicyItem.objects.filter(organisation__isnull=True).values_list("title", flat=True)
    existing = {title.casefold() for title in national}
    added = 0
    for entry in STARTER_SET:
        if entry["title"].casefold() in existing:
            continue
        policy_item_create(by=by, **entry)
        added += 1
    return added


@transaction.atomic
def load_policy_demo(*, council: Organisation, by: User | None = None) -> int:
    """For the demonstration: a council's own (invented) carers' strategy, and the Autism Act
    applied to its active learning disability cycles. Safe to run again; returns records added."""
    added = 0
    title = f"{council.name} carers' strategy (demo)"
    if not PolicyItem.objects.filter(organisation=council, title=title).exists():
        policy_item_create(
            by=by,
            organisation=council,
            is_demo=True,
            title=title,
            kind=PolicyKind.LOCAL_STRATEGY,
            issued_by=council.name,
            url=council.website,
            summary="An invented local strategy for the demonstration: how the council and its partners mean to "
            "support unpaid carers over the next three years.",
            duties=_lines(
                "Offer every carer a conversation about their own needs within four weeks of asking",
                "Double the number of carers' breaks arranged each year",
                "Publish a directory of support for carers, in Easy Read as well",
            ),
            review_due=datetime.date(2027, 9, 30),
            client_groups=(ClientGroup.CARERS,),
        )
        added += 1
    autism_act = PolicyItem.objects.filter(organisation__isnull=True, title=AUTISM_ACT).first()
    if autism_act is not None:
        cycles = CommissioningCycle.objects.filter(
            lead_organisation=council, client_group=ClientGroup.LEARNING_DISABILITY, status=CycleStatus.ACTIVE
        ).exclude(policy_links__item=autism_act)
        for cycle in cycles:
            policy_link_add(item=autism_act, cycle=cycle, by=by)
            added += 1
    return added
