-- staticDHCPd's PostgreSQL schema, unchanged: existing staticDHCPd databases work as they are.
-- Create the database first, then:  psql -d dhcp -f postgresql.sql
-- The server only needs SELECT on both tables, e.g.:
--   CREATE USER dhcp_user WITH PASSWORD '...';  GRANT SELECT ON TABLE subnets, maps TO dhcp_user;
-- MACs are stored lower-case, colon separated (aa:bb:cc:dd:ee:ff) unless case-insensitive-macs is on.

CREATE TABLE subnets (
    subnet VARCHAR(18) NOT NULL,        -- free-text identifier, usually a CIDR
    serial SMALLINT NOT NULL DEFAULT 0, -- lets one subnet be split (e.g. per gateway)
    lease_time INTEGER NOT NULL,        -- seconds
    gateway VARCHAR(512),               -- comma-separated IPv4 list, option 3
    subnet_mask VARCHAR(15),            -- option 1
    broadcast_address VARCHAR(15),      -- option 28
    ntp_servers VARCHAR(50),            -- comma-separated, at most 3 used, option 42
    domain_name_servers VARCHAR(50),    -- comma-separated, at most 3 used, option 6
    domain_name VARCHAR(128),           -- option 15
    PRIMARY KEY (subnet, serial)
);

CREATE TABLE maps (
    mac CHAR(17) PRIMARY KEY NOT NULL,
    ip VARCHAR(15) NOT NULL,
    hostname VARCHAR(32),               -- option 12
    subnet VARCHAR(18) NOT NULL,
    serial SMALLINT NOT NULL DEFAULT 0,
    UNIQUE (ip, subnet, serial),
    FOREIGN KEY (subnet, serial) REFERENCES subnets (subnet, serial)
);

-- Serves lookups with case-insensitive-macs (LOWER(mac)).
CREATE INDEX case_insensitive_macs ON maps ((lower(mac)));
