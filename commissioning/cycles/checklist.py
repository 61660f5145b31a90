"""The activity checklist every new cycle starts with, following the IPC model's elements.

Keys are stable: later parts of the product attach evidence to them (a needs forecast to
"needs", a market position statement to "supply"), and carrying a cycle forward matches them.
Written in our own words for commissioners; edit freely, but keep keys unique per level.
"""

from __future__ import annotations

from dataclasses import dataclass

from commissioning.cycles.choices import Element, Level


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    level: Level
    element: Element
    title: str
    guidance: str


# Keys other parts of the service look for (evidence lands on them).
TERRITORY, NEEDS, SUPPLY, RESOURCES, MARKET_SHAPING = "territory", "needs", "supply", "resources", "market"
CONTRACT_MANAGEMENT = "contract_management"

S, P = Level.STRATEGIC, Level.PURCHASING
A, PL, D, R = Element.ANALYSE, Element.PLAN, Element.DO, Element.REVIEW

CHECKLIST: tuple[ChecklistItem, ...] = (
    # The commissioning (strategic) cycle
    ChecklistItem(
        TERRITORY,
        S,
        A,
        "Set out the policy territory",
        "List the laws, statutory guidance, national priorities and local strategies that apply "
        "to this client group, and the duties each one places on the council and its partners.",
    ),
    ChecklistItem(
        NEEDS,
        S,
        A,
        "Assess population need, now and in future",
        "Estimate how many people in the area have each need today and how that will change over "
        "the cycle, from population projections and prevalence evidence.",
    ),
    ChecklistItem(
        SUPPLY,
        S,
        A,
        "Map supply and the provider market",
        "Describe the services and providers available, their quality and capacity, their strengths "
        "and weaknesses, and where the market could improve or change.",
    ),
    ChecklistItem(
        RESOURCES,
        S,
        A,
        "Identify resources and costs",
        "Set out the money, staff and buildings available, what services cost now, and the likely "
        "costs and benefits of different ways of meeting need.",
    ),
    ChecklistItem(
        "gaps",
        S,
        PL,
        "Analyse the gaps between need and supply",
        "Compare forecast need with what is available and what it costs. Record what is not yet known "
        "and how it will be found out.",
    ),
    ChecklistItem(
        "design",
        S,
        PL,
        "Design services to meet need",
        "Agree the mix and shape of services needed, including what should be remodelled or stopped.",
    ),
    ChecklistItem(
        "risks",
        S,
        PL,
        "Assess the risks of changing and of standing still",
        "Weigh the risks of each option against the risks of carrying on as now, and how each would be managed.",
    ),
    ChecklistItem(
        "consultation",
        S,
        PL,
        "Consult people, carers and providers",
        "Involve people who draw on care, carers, providers and partners in shaping the plan, and record "
        "what they said and what changed as a result.",
    ),
    ChecklistItem(
        "strategy",
        S,
        PL,
        "Write the commissioning strategy",
        "Publish clear priorities with measurable targets, and say what they mean for purchasing and contracting.",
    ),
    ChecklistItem(
        MARKET_SHAPING,
        S,
        D,
        "Shape the market",
        "Act on supply so there is a diverse, sustainable, good quality mix of providers and people have real choice.",
    ),
    ChecklistItem(
        "relationships",
        S,
        D,
        "Build relationships with providers",
        "Keep regular, open contact with current and potential providers through forums, visits and updates.",
    ),
    ChecklistItem(
        "purchasing",
        S,
        D,
        "Purchase the services the strategy needs",
        "Make sure the purchasing and contracting cycle delivers the strategy's priorities and targets, "
        "and adjust when funding changes.",
    ),
    ChecklistItem(
        "quality_criteria",
        S,
        D,
        "Set quality criteria for contracts",
        "Decide the standards and outcome measures contracts must include, and how they will be checked.",
    ),
    ChecklistItem(
        "decommissioning",
        S,
        D,
        "Decommission what no longer meets need",
        "Plan and carry out the ending of services the strategy no longer supports, protecting the people using them.",
    ),
    ChecklistItem(
        "impact",
        S,
        R,
        "Review the impact of services",
        "Judge whether services achieved what the strategy intended for the people who use them.",
    ),
    ChecklistItem(
        "data",
        S,
        R,
        "Bring finance, activity and outcome data together",
        "Put spending, activity and outcome measures side by side, against the strategy's targets.",
    ),
    ChecklistItem(
        "feedback",
        S,
        R,
        "Hear from people, carers and providers",
        "Gather and analyse feedback, complaints and compliments, and what the purchasing cycle has learned.",
    ),
    ChecklistItem(
        "revisions",
        S,
        R,
        "Revise priorities and targets",
        "Decide what changes in the next cycle, taking account of findings, new law and guidance, best "
        "practice and changes in need.",
    ),
    # The purchasing and contracting cycle
    ChecklistItem(
        "individual_needs",
        P,
        A,
        "Understand individual needs",
        "Draw together what assessments, reviews and care plans say people need from these services.",
    ),
    ChecklistItem(
        "contract_resources",
        P,
        A,
        "Confirm the resources for contracts",
        "Confirm the budget and staff time available for the contracts in this cycle.",
    ),
    ChecklistItem(
        "provider_review",
        P,
        A,
        "Review providers against the strategy",
        "Weigh current providers' strengths and weaknesses against the direction the commissioning strategy sets.",
    ),
    ChecklistItem(
        "market_performance",
        P,
        A,
        "Review how the market is performing",
        "Pull together performance information from current contracts and service level agreements, "
        "and note pressure points and significant changes among providers.",
    ),
    ChecklistItem(
        "purchasing_plan",
        P,
        PL,
        "Write the purchasing plan (1 to 3 years)",
        "Set out who is best placed to provide what, which parts of the market to develop, and how "
        "direct payments and personal budgets will change what is bought.",
    ),
    ChecklistItem(
        "specifications",
        P,
        PL,
        "Write service specifications",
        "Describe the outcomes, outputs and standards each service must deliver.",
    ),
    ChecklistItem(
        "contract_type",
        P,
        PL,
        "Choose contract types and terms",
        "Choose between block, spot, framework and dynamic purchasing arrangements, and agree prices, "
        "terms and how risk and reward are shared.",
    ),
    ChecklistItem(
        "decommissioning_plan",
        P,
        PL,
        "Plan decommissioning",
        "Set out which contracts will end, when, and how people will move to other support.",
    ),
    ChecklistItem(
        "tendering", P, D, "Run tenders", "Run a fair, open procurement that can deliver both outputs and outcomes."
    ),
    ChecklistItem(
        "award",
        P,
        D,
        "Award contracts and service level agreements",
        "Award, sign and publish contracts, with the agreed monitoring arrangements built in.",
    ),
    ChecklistItem(
        "individual_purchasing",
        P,
        D,
        "Arrange care for individuals",
        "Call off from block contracts, make spot purchases or set up direct payments to carry out care plans.",
    ),
    ChecklistItem(
        CONTRACT_MANAGEMENT,
        P,
        D,
        "Manage contracts day to day",
        "Keep in regular contact with providers, share an understanding of costs, and resolve issues early.",
    ),
    ChecklistItem(
        "monitoring",
        P,
        R,
        "Monitor contracts and care plans",
        "Check services are delivered on time, for the time agreed and in the way each person wishes.",
    ),
    ChecklistItem(
        "quality_with_people",
        P,
        R,
        "Involve people in checking quality",
        "Agree the standard of service with people and carers, and make it easy for them to say what is not working.",
    ),
    ChecklistItem(
        "terms_review",
        P,
        R,
        "Check whether contract terms help or harm quality",
        "Look for evidence that the terms or prices of a contract are causing quality to fall.",
    ),
    ChecklistItem(
        "data_quality",
        P,
        R,
        "Check the monitoring data",
        "Ask who carries the burden of collecting data, and whether the data is good enough to act on.",
    ),
    ChecklistItem(
        "lessons",
        P,
        R,
        "Feed lessons back to the commissioning cycle",
        "Raise findings from contracting for the commissioning cycle's next review.",
    ),
)


def checklist_for(level: Level, element: Element) -> list[ChecklistItem]:
    return [item for item in CHECKLIST if item.level == level and item.element == element]


# What each element is for, shown at the top of its page.
ELEMENT_PURPOSE: dict[tuple[Level, Element], str] = {
    (S, A): "Understand the territory, the needs of the population now and in future, the market that "
    "supplies care, and the resources available.",
    (S, PL): "Find the gaps between need and supply, design services to close them, weigh the risks, "
    "consult, and write the strategy with priorities and targets.",
    (S, D): "Deliver the strategy: shape a diverse market, keep good relationships with providers, buy what "
    "is needed with quality built in, and decommission what no longer meets need.",
    (S, R): "Judge the impact: bring finance, activity and outcomes together, hear feedback, consider the "
    "findings raised during the cycle, and revise priorities.",
    (P, A): "Draw together individual needs, the resources for contracts, providers' strengths and how "
    "current contracts are performing.",
    (P, PL): "Plan purchasing for one to three years: specifications, contract types and terms, and any "
    "decommissioning.",
    (P, D): "Tender and award contracts, arrange care for individuals, and manage contracts day to day.",
    (P, R): "Monitor contracts and care plans with the people who use them, and feed lessons back to the "
    "commissioning cycle.",
}
