using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Glyphh.TestSupport;

namespace Glyphh.LicenseServer.Tests.EndToEnd;

/// <summary>Driving the built hosts: the tool as its own process, licenses through the server's admin API, the runtime's <c>/license</c>.</summary>
internal static class BuiltHosts
{
    public const string JwtSecret = "e2e-jwt-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
    public static readonly TimeSpan Within = TimeSpan.FromSeconds(20);

    /// <summary>The built tool in its own process, as an operator runs it.</summary>
    public static async Task RunToolAsync(params string[] args)
    {
        var dll = Path.Combine(RepositoryRoot.Path, "samples/LicenseTool/bin/Release/net10.0/glyphh-license.dll");
        Assert.True(File.Exists(dll), $"Build the tool first (dotnet build samples/LicenseTool -c Release): {dll} is missing.");
        var (code, stdout, stderr) = await DotnetProcess.RunAsync(dll, args);
        Assert.True(code == 0, $"glyphh-license {string.Join(' ', args)} exited {code}: {stderr}{stdout}");
    }

    /// <summary>Creates a license through the admin API; returns its id, online key and signed license file.</summary>
    public static async Task<(string Id, string Key, string File)> CreateLicenseAsync(KestrelLicenseServer server, string mode = "self-hosted", int? maxMachines = 2)
    {
        using var admin = server.Admin();
        var response = await admin.PostAsJsonAsync("api/v1/admin/licenses", new Dictionary<string, object?>
        {
            ["customer"] = "Acme Corp", ["mode"] = mode, ["expires_at"] = DateTimeOffset.UtcNow.AddDays(365),
            ["limits"] = new Dictionary<string, long> { ["models"] = 3, ["glyphs"] = 1_000_000 }, ["max_machines"] = maxMachines,
        });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        using var json = JsonDocument.Parse(text);
        return (json.RootElement.GetProperty("license").GetProperty("id").GetString()!, json.RootElement.GetProperty("key").GetString()!,
            json.RootElement.GetProperty("license_file").GetString()!);
    }

    public static async Task<int> ActivationCountAsync(KestrelLicenseServer server, string licenseId)
    {
        using var admin = server.Admin();
        using var activations = JsonDocument.Parse(await admin.GetStringAsync($"api/v1/admin/licenses/{licenseId}/activations"));
        return activations.RootElement.GetProperty("items").GetArrayLength();
    }

    /// <summary>The runtime's environment, self-hosted, as an operator would set it.</summary>
    public static Dictionary<string, string> SelfHosted(string license, Uri serverUrl, string caDirectory, string dataDirectory, string machine) => new()
    {
        ["DEPLOYMENT_MODE"] = "self-hosted",
        ["LICENSE_KEY"] = license,
        ["LICENSE_SERVER_URL"] = serverUrl.ToString(),
        ["LICENSE_ROOT_CERT"] = Path.Combine(caDirectory, "root.crt"),
        ["JWT_SECRET_KEY"] = JwtSecret,
        ["GLYPHH_DATA_DIR"] = dataDirectory,
        ["GLYPHH_MACHINE_ID"] = machine,
        ["Glyphh__Licensing__RetryInterval"] = "00:00:01",
    };

    public static HttpClient AdminClient(RuntimeProcess runtime)
    {
        var client = new HttpClient { BaseAddress = runtime.Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestJwt.PlatformAdmin(JwtSecret));
        return client;
    }

    public static async Task<(string Status, string Reason)> LicenseAsync(HttpClient admin)
    {
        using var license = JsonDocument.Parse(await admin.GetStringAsync("/license"));
        return (license.RootElement.GetProperty("status").GetString()!, license.RootElement.GetProperty("reason").GetString()!);
    }

    public static async Task<string> LicenseStatusAsync(HttpClient admin) => (await LicenseAsync(admin)).Status;

    /// <summary>Polls <c>/license</c> until it matches; returns the last answer.</summary>
    public static async Task<(string Status, string Reason)> WaitForLicenseAsync(HttpClient admin, Func<(string Status, string Reason), bool> predicate, TimeSpan? within = null)
    {
        var watch = Stopwatch.StartNew();
        var last = ("", "");
        while (watch.Elapsed < (within ?? Within))
        {
            last = await LicenseAsync(admin);
            if (predicate(last))
            {
                return last;
            }
            await Task.Delay(100);
        }
        throw new Xunit.Sdk.XunitException($"/license did not match within {(within ?? Within).TotalSeconds:0} s; last: {last}");
    }

    public static async Task<string> WaitForLicenseAsync(HttpClient admin, string status) =>
        (await WaitForLicenseAsync(admin, l => l.Status == status)).Status;
}
