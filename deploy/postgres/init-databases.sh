#!/bin/bash
# Run once by the postgres image on an empty data directory (docker-entrypoint-initdb.d): one role and one database
# per service, so no service can read another's tables. Passwords come from the container's environment.
set -euo pipefail

for service in intake scoring routing nurturing; do
  variable="${service^^}_DB_PASSWORD"
  password="${!variable:?$variable is not set}"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    --set=role="$service" --set=password="$password" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"role" OWNER :"role";
REVOKE ALL ON DATABASE :"role" FROM PUBLIC;
SQL
done
