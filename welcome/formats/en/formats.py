"""English dates and times as read in Germany: "3 December 2026, 10:00".

Django's default English writes "Dec. 3, 2026" and "10 a.m.", whose own full stops collide with a
sentence's ("booked: Dec. 3, 2026, 10 a.m.–10:30 a.m.."); and the offices, letters and
appointment e-mails here all count the 24-hour day.
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
