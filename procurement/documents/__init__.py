"""Documents made from assessments: the decision memo and the seminar material."""
