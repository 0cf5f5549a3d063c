"""How dates may be typed, in the words the help and the quick-add window show.

The phrases are read by ``core.when_phrases`` and the date reader; this says what they mean.
"""

from __future__ import annotations

#: One line for command-line help: what a WHEN may be.
WHEN_LINE = (
    "plain English such as 'fri 3pm', 'tomorrow 9am', '4d', '2w', '3h', 'eow', 'end of month', "
    "'mon next week', 'in 3 working days', 1/12 (in your date order) or ISO 8601"
)

#: What each kind of phrase means, for the quick-add window and the README.
DATES_HELP = "\n".join(
    [
        "Dates can be typed as:",
        "  fri 3pm, tomorrow 9am, next tue, noon, tonight, this evening, the day after tomorrow",
        "  4d, 2w, 3h, 90min, 3mo (days, weeks, hours, minutes, months from now)",
        "  in 2 weeks, in a fortnight, a week from today",
        "  end of the week / eow: the last working day of this week (Friday), at the end of"
        " working hours; after that, next week's",
        "  end of the month / eom: the last working day of this month, at the end of working hours",
        "  next week: Monday of next week; mon next week, tue in 2 weeks: that day of that week",
        "  in 3 working days, 3 business days: counted over your working days",
        "  this week, later this week: the end of the week",
        "  first thing tomorrow, first thing mon: the start of working hours that day",
        "  eod: the end of today's working hours",
        "  1/12: 1 December or 12 January, as your date order says (setting date_order: auto,"
        " DMY, MDY or YMD)",
        "A day without a time is due at the end of working hours.",
    ]
)
