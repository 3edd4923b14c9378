"""Date, time and number formats per language (settings.FORMAT_MODULE_PATH).

Django has none for Armenian; its English ones are American (12-hour clock, month first), which
the team never writes. Russian and Azerbaijani use Django's own.
"""
