"""Roll-ups: deal totals per edition, delegation, sub-delegation, zone and country, stored
so that pages never sum deals (``models``), kept equal to the deals by a full recompute and
a refresh per change (``services``, ``sql`` on PostgreSQL), read by role (``selectors``)."""
