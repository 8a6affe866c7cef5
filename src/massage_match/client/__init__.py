"""A client's own record: the profile file and the intake questionnaire that fills it."""
