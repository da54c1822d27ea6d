-- staticDHCPd's SQLite schema, unchanged: existing staticDHCPd databases work as they are.
-- Create a database with:  sqlite3 static.db < sqlite.sql
-- MACs are stored lower-case, colon separated (aa:bb:cc:dd:ee:ff) unless case-insensitive-macs is on.

CREATE TABLE subnets (
    subnet TEXT NOT NULL,               -- free-text identifier, usually a CIDR
    serial INTEGER NOT NULL DEFAULT 0,  -- lets one subnet be split (e.g. per gateway)
    lease_time INTEGER NOT NULL,        -- seconds
    gateway TEXT,                       -- comma-separated IPv4 list, option 3
    subnet_mask TEXT,                   -- option 1
    broadcast_address TEXT,             -- option 28
    ntp_servers TEXT,                   -- comma-separated, at most 3 used, option 42
    domain_name_servers TEXT,           -- comma-separated, at most 3 used, option 6
    domain_name TEXT,                   -- option 15
    PRIMARY KEY (subnet, serial)
);

CREATE TABLE maps (
    mac TEXT PRIMARY KEY NOT NULL,
    ip TEXT NOT NULL,
    hostname TEXT,                      -- option 12
    subnet TEXT NOT NULL,
    serial INTEGER NOT NULL DEFAULT 0,
    UNIQUE (ip, subnet, serial),
    FOREIGN KEY (subnet, serial) REFERENCES subnets (subnet, serial)
);

-- staticDHCPd's optional index for mixed-case MACs; with case-insensitive-macs (LOWER(mac)) an index on
-- lower(mac) serves lookups instead: CREATE INDEX maps_lower_mac ON maps (lower(mac));
CREATE INDEX case_insensitive_macs ON maps (mac COLLATE NOCASE);
