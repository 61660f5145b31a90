"""Changes to area codes that joining different vintages of ONS data needs."""

# Districts abolished on 1 April 2023 and the unitary councils that took them over. Figures
# published on older boundaries are added into the successor when imported.
SUCCESSORS_2023 = {
    "E07000026": "E06000063",  # Allerdale -> Cumberland
    "E07000028": "E06000063",  # Carlisle -> Cumberland
    "E07000029": "E06000063",  # Copeland -> Cumberland
    "E07000027": "E06000064",  # Barrow-in-Furness -> Westmorland and Furness
    "E07000030": "E06000064",  # Eden -> Westmorland and Furness
    "E07000031": "E06000064",  # South Lakeland -> Westmorland and Furness
    "E07000163": "E06000065",  # Craven -> North Yorkshire
    "E07000164": "E06000065",  # Hambleton -> North Yorkshire
    "E07000165": "E06000065",  # Harrogate -> North Yorkshire
    "E07000166": "E06000065",  # Richmondshire -> North Yorkshire
    "E07000167": "E06000065",  # Ryedale -> North Yorkshire
    "E07000168": "E06000065",  # Scarborough -> North Yorkshire
    "E07000169": "E06000065",  # Selby -> North Yorkshire
    "E07000187": "E06000066",  # Mendip -> Somerset
    "E07000188": "E06000066",  # Sedgemoor -> Somerset
    "E07000189": "E06000066",  # South Somerset -> Somerset
    "E07000246": "E06000066",  # Somerset West and Taunton -> Somerset
}
# Counties abolished at the same time: their figures cannot be split, so they are left out
# (the districts above carry the same people into the new councils).
ABOLISHED_COUNTIES_2023 = {"E10000006": "Cumbria", "E10000023": "North Yorkshire", "E10000027": "Somerset"}
