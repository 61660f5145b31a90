"""Reading the files CQC publishes about care locations (no Django: the market app saves them).

`reader.parse_cqc_file` is the one entry point; `words` holds the plain values and CQC's words
for them, which market's choices give their labels.
"""
