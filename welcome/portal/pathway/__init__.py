"""The pathway check on the web: the law package's evaluation with Django's translations and
number formats, the Region's offices, the wizard, the result page, its PDF and saved results."""
