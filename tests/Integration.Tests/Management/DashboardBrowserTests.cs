using Microsoft.Playwright;
using StaticDhcpd.Integration.Tests.Lab;
using Xunit;
using Xunit.Abstractions;

namespace StaticDhcpd.Integration.Tests.Management;

/// <summary>
/// The dashboard in a real browser (Debian's chromium, headless, driven by Playwright; nothing is downloaded): it
/// shows the node Up, then a lease a real dhclient has just obtained appears in the live event list and in the
/// lease table without the page being reloaded; the search narrows the table to one MAC; the pool bar and the rate
/// chart are drawn; each pool has its scan line (the relayed one unavailable), and guests' Scan button runs a real
/// ARP scan to the end. Saves a screenshot (docs/dashboard.png is one).
/// </summary>
[Collection(NetnsCollection.Name)]
public sealed class DashboardBrowserTests(ITestOutputHelper output)
{
    private const string SystemChromium = "/usr/bin/chromium";
    private static readonly float Wait = 30_000;

    /// <summary>Where the screenshot goes: $STATICDHCPD_TEST_ARTIFACTS/dashboard.png, else the temp directory.</summary>
    private static string ScreenshotPath =>
        Path.Combine(Environment.GetEnvironmentVariable("STATICDHCPD_TEST_ARTIFACTS") is { Length: > 0 } dir ? dir : Path.GetTempPath(),
            "dashboard.png");

    [Fact]
    public async Task The_dashboard_shows_a_lease_dhclient_just_obtained_and_its_event_arrives_live()
    {
        LabRequirements.EnsureTools("dhclient");
        if (!File.Exists(SystemChromium)) throw new InvalidOperationException($"{SystemChromium} is missing (apt-get install chromium)");
        using var d = await DashboardLab.StartAsync();
        await d.Server.RunTestAsync(async () =>
        {
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = d.BrowserWrapper,   // the system chromium, in the server's namespace
                Headless = true,
                Args = ["--no-sandbox"],             // root in a container: chromium's sandbox needs user namespaces
                Timeout = Wait,
            });
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1100 } });
            var consoleErrors = new List<string>();
            page.Console += (_, m) => { if (m.Type == "error") consoleErrors.Add(m.Text); };
            page.PageError += (_, e) => consoleErrors.Add(e);
            page.Response += (_, r) => { if (r.Status >= 400) lock (consoleErrors) consoleErrors.Add($"HTTP {r.Status} {r.Url}"); };

            await page.GotoAsync(DashboardLab.Endpoint + "/", new PageGotoOptions { Timeout = Wait });
            Assert.Equal("staticdhcpd", await page.TitleAsync());
            var self = page.Locator("#members tbody tr").Filter(new LocatorFilterOptions { HasText = "this node" });
            await Assertions.Expect(self).ToContainTextAsync("Up", new LocatorAssertionsToContainTextOptions { Timeout = Wait });
            await Assertions.Expect(page.Locator(".pool[data-pool='guests']")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = Wait });
            await Assertions.Expect(page.Locator("#live")).ToHaveTextAsync("events: live", new LocatorAssertionsToHaveTextOptions { Timeout = Wait });

            // A mark on this document: still there after the lease appears, so no reload brought it.
            await page.EvaluateAsync("() => { window.__sameDocument = 'mgc'; }");
            var first = await d.ObtainAsync("02:00:00:00:dc:01");
            var second = await d.ObtainAsync("02:00:00:00:dc:02");
            output.WriteLine($"dhclient leases: {first.Lease}; {second.Lease}");
            var address = first.Lease.Address!;

            var liveEvent = page.Locator("#events li[data-kind='lease-granted']").Filter(new LocatorFilterOptions { HasText = address });
            await Assertions.Expect(liveEvent).ToHaveCountAsync(1, new LocatorAssertionsToHaveCountOptions { Timeout = Wait });
            var row = page.Locator($"#leases tbody tr[data-address='{address}']");
            await Assertions.Expect(row).ToContainTextAsync("02:00:00:00:dc:01", new LocatorAssertionsToContainTextOptions { Timeout = Wait });
            await Assertions.Expect(row).ToContainTextAsync("bound");
            Assert.Equal("mgc", await page.EvaluateAsync<string>("() => window.__sameDocument"));

            // The pool bar counts both bindings; the chart has had two statistics samples to draw rates from.
            await Assertions.Expect(page.Locator(".pool[data-pool='guests']")).ToContainTextAsync("2 bound", new LocatorAssertionsToContainTextOptions { Timeout = Wait });
            await Assertions.Expect(page.Locator("#rates-now")).ToContainTextAsync("packets/s", new LocatorAssertionsToContainTextOptions { Timeout = Wait });

            // Each pool has its scan line from /api/v1/scans: guests not scanned yet (no scan on start), with its Scan
            // button; the relayed pool, which no interface of the node faces, unavailable with the node's note and none.
            await Assertions.Expect(page.Locator(".pool")).ToHaveCountAsync(2);
            var guestsScan = page.Locator(".pool[data-pool='guests'] .scan");
            await Assertions.Expect(guestsScan).ToHaveAttributeAsync("data-scan", "idle", new LocatorAssertionsToHaveAttributeOptions { Timeout = Wait });
            await Assertions.Expect(guestsScan).ToContainTextAsync("scan: idle");
            await Assertions.Expect(guestsScan.Locator("button")).ToBeEnabledAsync();
            var relayedScan = page.Locator($".pool[data-pool='{DashboardLab.RelayedPool}'] .scan");
            await Assertions.Expect(relayedScan).ToHaveAttributeAsync("data-scan", "unavailable");
            await Assertions.Expect(relayedScan).ToContainTextAsync("scan: unavailable");
            await Assertions.Expect(relayedScan.Locator(".note")).Not.ToBeEmptyAsync();
            await Assertions.Expect(relayedScan.Locator("button")).ToHaveCountAsync(0);

            // The search narrows the table to the one MAC.
            await page.Locator("#lease-search").FillAsync("02:00:00:00:dc:02");
            await Assertions.Expect(page.Locator("#leases tbody tr")).ToHaveCountAsync(1, new LocatorAssertionsToHaveCountOptions { Timeout = Wait });
            await Assertions.Expect(page.Locator("#leases tbody tr")).ToContainTextAsync(second.Lease.Address!);
            await page.Locator("#lease-search").FillAsync("");
            await Assertions.Expect(page.Locator("#leases tbody tr")).ToHaveCountAsync(2, new LocatorAssertionsToHaveCountOptions { Timeout = Wait });

            // Let the chart collect a few more points before the picture is taken.
            await page.WaitForTimeoutAsync(6000);
            Assert.True(consoleErrors.Count == 0, "errors in the page: " + string.Join("\n", consoleErrors));

            await AssertScanButtonAsync(page, first.Lease.Address!, second.Lease.Address!);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = ScreenshotPath, FullPage = true });
            output.WriteLine($"screenshot: {ScreenshotPath}");

            await first.Client.StopAsync();
            await second.Client.StopAsync();
        });
    }

    /// <summary>
    /// The Scan button starts a real ARP scan of the pool on the node: the start is refused 401 without the token, the
    /// page asks for it and sends it, the line shows the scan running and, on the refresh cadence, finished, every
    /// address probed and the two dhclient hosts among those that answered.
    /// </summary>
    private static async Task AssertScanButtonAsync(IPage page, params string[] hosts)
    {
        var posts = new List<string>();
        page.Request += (_, r) =>
        {
            if (r.Method == "POST" && r.Url.EndsWith("/api/v1/pools/guests/scan"))
                lock (posts) posts.Add(r.Headers.TryGetValue("authorization", out var a) ? a : "");
        };
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync(DashboardLab.Token);

        var scan = page.Locator(".pool[data-pool='guests'] .scan");
        await scan.Locator("button").ClickAsync();
        await Assertions.Expect(scan).ToHaveAttributeAsync("data-scan", "running", new LocatorAssertionsToHaveAttributeOptions { Timeout = Wait });
        await Assertions.Expect(scan.Locator("button")).ToBeDisabledAsync();
        await Assertions.Expect(scan).ToHaveAttributeAsync("data-scan", "finished", new LocatorAssertionsToHaveAttributeOptions { Timeout = 60_000 });
        await Assertions.Expect(scan).ToContainTextAsync("241/241 probed (100%)");
        var answered = int.Parse(System.Text.RegularExpressions.Regex.Match(await scan.InnerTextAsync(), @"(\d+) answered").Groups[1].Value);
        Assert.True(answered >= hosts.Length, $"{answered} answered, expected at least the {hosts.Length} dhclient hosts ({string.Join(", ", hosts)})");
        await Assertions.Expect(scan.Locator("button")).ToBeEnabledAsync();
        lock (posts) Assert.Equal(["", "Bearer " + DashboardLab.Token], posts);
    }
}
