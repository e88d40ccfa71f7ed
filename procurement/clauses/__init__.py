"""The social clause library: clause texts as data, proposals for an assessment, filling."""
