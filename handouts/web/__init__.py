"""`handouts serve`: the local web page. A request enters a view; a build leaves a worker process."""
