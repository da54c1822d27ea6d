using System.Text.RegularExpressions;
using StaticDhcpd.Messages.Net;
using StaticDhcpd.Messages.Static;

namespace StaticDhcpd.Actors.Static;

/// <summary>
/// The content of a staticDHCPd INI file, fully validated: <c>[subnet|serial]</c> sections with lease-time
/// (required), gateway, subnet-mask, broadcast-address, ntp-servers, domain-name-servers, domain-name;
/// <c>[MAC]</c> sections (any delimiter/case) with ip, subnet, serial (required) and hostname.
/// Unlike the original, addresses are checked at load, so a typo stops the load instead of a client.
/// </summary>
public sealed partial class IniDefinitions
{
    private sealed record SubnetBundle(uint LeaseTime, IReadOnlyList<Ipv4Address> Gateways, Ipv4Address? Mask,
        Ipv4Address? Broadcast, IReadOnlyList<Ipv4Address> Ntp, IReadOnlyList<Ipv4Address> Dns, string? DomainName);

    public IReadOnlyDictionary<MacAddress, StaticDefinition> Maps { get; }
    public int SubnetCount { get; }
    /// <summary>Sections that are neither a subnet nor a MAC; staticDHCPd warns and skips them.</summary>
    public IReadOnlyList<string> IgnoredSections { get; }

    private IniDefinitions(IReadOnlyDictionary<MacAddress, StaticDefinition> maps, int subnets, IReadOnlyList<string> ignored)
    {
        Maps = maps;
        SubnetCount = subnets;
        IgnoredSections = ignored;
    }

    [GeneratedRegex(@"^(?<subnet>.+?)\|(?<serial>\d+)$")]
    private static partial Regex SubnetSection();

    public static IniDefinitions Load(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StaticDefinitionException($"{path}: cannot read: {e.Message}", inner: e);
        }
        return Parse(text, path);
    }

    /// <summary>Errors are <see cref="StaticDefinitionException"/>s naming file, section and key.</summary>
    public static IniDefinitions Parse(string text, string file)
    {
        var doc = IniDocument.Parse(text, file);
        var subnets = new Dictionary<(string, int), SubnetBundle>();
        var maps = new List<(IniDocument.Section Section, MacAddress Mac, Ipv4Address Ip, string? Hostname, string Subnet, int Serial)>();
        var ignored = new List<string>();

        foreach (var section in doc.Sections)
        {
            string? Get(string key) => section.Values.TryGetValue(key, out var v) ? DefinitionFields.Text(v) : null;
            T Field<T>(string key, Func<string?, string, T> parse)
            {
                try { return parse(Get(key), key); }
                catch (FieldFormatException e) { throw Error(file, section, key, e.Problem); }
            }

            var m = SubnetSection().Match(section.Name);
            if (m.Success)
            {
                var lease = Field("lease-time", (v, k) => DefinitionFields.LeaseTime(v, k));
                if (lease == 0) throw Error(file, section, "lease-time", "must be greater than 0");
                var serialText = m.Groups["serial"].Value;
                if (!int.TryParse(serialText, out var serial)) throw Error(file, section, "serial", $"out of range: {serialText}");
                subnets[(m.Groups["subnet"].Value, serial)] = new SubnetBundle(
                    lease,
                    Field("gateway", (v, k) => DefinitionFields.AddressList(v, k)),
                    Field("subnet-mask", DefinitionFields.OptionalAddress),
                    Field("broadcast-address", DefinitionFields.OptionalAddress),
                    Field("ntp-servers", (v, k) => DefinitionFields.AddressList(v, k, DefinitionFields.MaxServers)),
                    Field("domain-name-servers", (v, k) => DefinitionFields.AddressList(v, k, DefinitionFields.MaxServers)),
                    Get("domain-name"));
            }
            else if (MacAddress.TryParse(section.Name, out var mac))
            {
                if (maps.FirstOrDefault(x => x.Mac == mac) is { Section: { } first })
                    throw new StaticDefinitionException(
                        $"{file}: [{section.Name}] is the same MAC as [{first.Name}] (line {first.Line})", mac);
                maps.Add((section, mac,
                    Field("ip", DefinitionFields.RequiredAddress),
                    Get("hostname"),
                    Get("subnet") ?? throw Error(file, section, "subnet", "missing"),
                    Field("serial", (v, k) => DefinitionFields.Serial(v, k))));
            }
            else ignored.Add(section.Name);
        }

        // Foreign keys checked now, as the original does, so a lookup never finds half a definition.
        var definitions = new Dictionary<MacAddress, StaticDefinition>();
        foreach (var x in maps)
        {
            if (!subnets.TryGetValue((x.Subnet, x.Serial), out var s))
                throw Error(file, x.Section, "subnet", $"refers to [{x.Subnet}|{x.Serial}], which is not defined");
            definitions[x.Mac] = new StaticDefinition(x.Mac, x.Ip, x.Hostname, x.Subnet, x.Serial, s.LeaseTime,
                s.Gateways, s.Mask, s.Broadcast, s.DomainName, s.Dns, s.Ntp);
        }
        return new IniDefinitions(definitions, subnets.Count, ignored);
    }

    private static StaticDefinitionException Error(string file, IniDocument.Section section, string key, string problem) =>
        new($"{file}: [{section.Name}] (line {section.Line}) {key}: {problem}");
}
