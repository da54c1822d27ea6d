namespace StaticDhcpd.Integration.Tests.Lab;

/// <summary>
/// Kea 2.2 (kea-dhcp4) in a lab's server namespace: the known-good server the harness is validated against
/// (the server under test is staticdhcpd). Raw socket on eth0, memfile lease file in the lab's work dir,
/// pid/lock files there too (KEA_PIDFILE_DIR / KEA_LOCKFILE_DIR). Pool 10.66.0.100–10.66.0.120 on the
/// server's segment and 10.67.0.100–10.67.0.120 for relayed clients.
/// </summary>
public sealed class KeaServer
{
    public const string PoolStart = "10.66.0.100";
    public const string Domain = "lab.example";

    private KeaServer(LabProcess process, string leaseFile)
    {
        Process = process;
        LeaseFile = leaseFile;
    }

    public LabProcess Process { get; }
    public string LeaseFile { get; }

    /// <summary>Starts Kea with the given timers and waits until it serves (DHCP4_STARTED).</summary>
    public static async Task<KeaServer> StartAsync(NetnsLab lab, int leaseSeconds = 3600, int renewSeconds = 1800,
        int rebindSeconds = 3150)
    {
        LabRequirements.EnsureTools("kea-dhcp4");
        var dir = Path.Combine(lab.WorkDir, "kea");
        Directory.CreateDirectory(dir);
        var leases = Path.Combine(dir, "leases.csv");
        var config = Path.Combine(dir, "kea.json");
        File.WriteAllText(config, $$"""
            { "Dhcp4": {
              "interfaces-config": { "interfaces": [ "eth0" ], "dhcp-socket-type": "raw" },
              "lease-database": { "type": "memfile", "persist": true, "name": "{{leases}}", "lfc-interval": 0 },
              "valid-lifetime": {{leaseSeconds}}, "renew-timer": {{renewSeconds}}, "rebind-timer": {{rebindSeconds}},
              "subnet4": [
                { "id": 1, "subnet": "10.66.0.0/24", "interface": "eth0",
                  "pools": [ { "pool": "10.66.0.100 - 10.66.0.120" } ],
                  "option-data": [ { "name": "routers", "data": "10.66.0.1" },
                                   { "name": "domain-name-servers", "data": "10.66.0.1" },
                                   { "name": "domain-name", "data": "{{Domain}}" } ] },
                { "id": 2, "subnet": "10.67.0.0/24", "pools": [ { "pool": "10.67.0.100 - 10.67.0.120" } ],
                  "option-data": [ { "name": "routers", "data": "10.67.0.1" },
                                   { "name": "domain-name-servers", "data": "10.66.0.1" } ] } ],
              "loggers": [ { "name": "kea-dhcp4", "severity": "INFO", "output_options": [ { "output": "stdout" } ] } ]
            } }
            """);
        var env = new Dictionary<string, string> { ["KEA_PIDFILE_DIR"] = dir, ["KEA_LOCKFILE_DIR"] = dir };
        var p = lab.Start(lab.ServerNs, "kea-dhcp4", ["-c", config], env);
        if (!await p.WaitForOutputAsync("DHCP4_STARTED", TimeSpan.FromSeconds(15)))
            throw new InvalidOperationException("kea-dhcp4 did not start\n" + p.Output);
        return new KeaServer(p, leases);
    }
}
