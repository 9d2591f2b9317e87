using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace JointPunishment.Integration.Tests.Infrastructure;

/// <summary>
/// Headless Chromium (Debian's <c>chromium</c>) for the tests that drive the gateway's pages, with what they share: a
/// gateway on a real port, the axe-core accessibility check, and the check that no English reached a page.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;

    private HeadlessChromium(IPlaywright playwright, IBrowser chromium)
    {
        _playwright = playwright;
        Chromium = chromium;
    }

    public IBrowser Chromium { get; }

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"Chromium was not found at {ChromiumPath}; the browser tests need it. Install it with: apt-get install -y chromium");
        }

        var playwright = await Playwright.CreateAsync();
        return new HeadlessChromium(playwright, await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true }));
    }

    public async ValueTask DisposeAsync()
    {
        await Chromium.DisposeAsync();
        _playwright.Dispose();
    }

    /// <summary>A gateway of <paramref name="system"/> listening on a free port of this machine (the browser needs real HTTP, not the in-memory test server); its root URL.</summary>
    public static string StartGatewayOnPort(RunningSystem system)
    {
        var port = FreePorts.Next();
        var url = $"http://127.0.0.1:{port}";
        var gateway = system.CreateGateway(new Dictionary<string, string?> { ["JP_GATEWAY_URL"] = url });
        gateway.UseKestrel(port);
        gateway.StartServer();
        return url + "/";
    }

    /// <summary>The axe-core rules (labels, landmarks, contrast, language …) find nothing on the page as it is now.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var violations = (await page.RunAxe()).Violations;
        Assert.True(violations.Length == 0, string.Join("; ", violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Html))})")));
    }

    /// <summary>No English of the API's problem details reached the page: no Latin letters at all.</summary>
    public static void AssertChineseOnly(string text) =>
        Assert.False(text.Any(char.IsAsciiLetter), $"the page showed Latin text: {text}");
}
