#!/bin/sh
# Imports the saved objects into Kibana once it answers; docker-compose runs this in a one-shot container.
set -eu
KIBANA="${KIBANA_URL:-http://kibana:5601}"
until curl -fs "$KIBANA/api/status" >/dev/null; do sleep 2; done
curl -fsS -X POST "$KIBANA/api/saved_objects/_import?overwrite=true" \
  -H "kbn-xsrf: true" --form file=@/kibana/saved-objects.ndjson
echo
