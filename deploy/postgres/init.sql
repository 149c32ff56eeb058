-- Run once by the postgres image on an empty volume; deploy/local.sh does the same natively.
CREATE DATABASE aggregator_delivery OWNER aggregator;
CREATE DATABASE aggregator_logging OWNER aggregator;
