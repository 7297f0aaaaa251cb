"""The pathway check as a service beside the law: parse, evaluate and render in the active
language. The portal pages, the API, the consultations and the employer procedure are thin doors
onto it (issue 13: no app imports a module of the public pages to run the check)."""
