"""A new program's repository, from a few answers: data, configuration, workflows and forms (`cohortkit init`)."""
