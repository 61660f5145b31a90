"""Analytics: pure functions over Polars frames. Never imports Django (import-linter checks).

Django code loads inputs, calls these functions and saves what they return. Keeping the maths
here makes it testable with small literal frames and portable to other engines.
"""
