using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Glyphh.LicenseServer.Tests.Http;
using Glyphh.Licensing;
using Glyphh.Licensing.Issuing;
using Glyphh.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Glyphh.LicenseServer.Tests.EndToEnd;

/// <summary>
/// Issue 13's five attacks, tried as an attacker would against the built runtime (a child process), this license server
/// on loopback and the built tool, all on the real clock (the clock attack under libfaketime).
/// </summary>
public sealed class LicenseAttackEndToEndTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string LibFaketime = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";
    private RealClockServer _hosts = null!;

    private string Root => _hosts.Root;

    private TestCa Ca => _hosts.Ca;

    private KestrelLicenseServer Server => _hosts.Server;

    public async Task InitializeAsync() => _hosts = await RealClockServer.StartAsync("glyphh-e2e-attack-");

    public async Task DisposeAsync() => await _hosts.DisposeAsync();

    private Task<RuntimeProcess> StartRuntimeAsync(string license, string name, Uri? serverUrl = null, IReadOnlyDictionary<string, string>? extra = null)
    {
        var environment = BuiltHosts.SelfHosted(license, serverUrl ?? Server.Url, Ca.Directory, Path.Combine(Root, name), name);
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }
        return RuntimeProcess.StartAsync(environment);
    }

    private async Task RunAsync(RuntimeProcess runtime, Func<HttpClient, Task> steps)
    {
        using var admin = BuiltHosts.AdminClient(runtime);
        try
        {
            await steps(admin);
        }
        catch
        {
            output.WriteLine(runtime.Output);
            throw;
        }
    }

    /// <summary>Attack 1: a relay rewrites a never-issued key into a known license id. The runtime never becomes valid.</summary>
    [Fact]
    public async Task Attack1_RelayRewritesKeyIntoLicenseId_RuntimeStaysInvalid_NoSeatTaken()
    {
        var (victimId, _, _) = await BuiltHosts.CreateLicenseAsync(Server);
        var relayed = 0;
        await using var relay = await RelayAsync(body =>
        {
            body.Remove("license_key");
            body["license_id"] = victimId;
            Interlocked.Increment(ref relayed);
        });

        await using var runtime = await StartRuntimeAsync(OnlineLicenseKeyGenerator.Generate(), "attack1", relay.Url);
        await RunAsync(runtime, async admin =>
        {
            var license = await BuiltHosts.WaitForLicenseAsync(admin, l => Volatile.Read(ref relayed) >= 3 && l.Reason.Contains("does not know", StringComparison.Ordinal));
            Assert.Equal("invalid", license.Status);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await admin.GetAsync("/models")).StatusCode);
            Assert.Equal(0, await BuiltHosts.ActivationCountAsync(Server, victimId));
        });
    }

    /// <summary>Attack 2: anonymous calls with a license id and random fingerprints. No seat is taken, nothing is disclosed.</summary>
    [Fact]
    public async Task Attack2_AnonymousCallsWithALicenseId_TakeNoSeat_DiscloseNothing_CustomerStaysValid()
    {
        var (id, key, _) = await BuiltHosts.CreateLicenseAsync(Server, maxMachines: 2);
        using var anonymous = new HttpClient { BaseAddress = Server.Url };
        for (var i = 0; i < 2; i++)
        {
            var request = new LicenseValidationRequest
            {
                LicenseId = id,
                Fingerprint = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
                Product = "glyphh-runtime",
                Version = "1.0.0",
                Nonce = "attacker-" + i,
            };
            using var content = new ByteArrayContent(request.ToUtf8Json());
            content.Headers.ContentType = new("application/json");
            using var response = await anonymous.PostAsync("api/v1/licenses/validate", content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(LicenseValidationResponse.TryParse(await response.Content.ReadAsByteArrayAsync(), out var parsed));
            var receipt = LicenseVerifier.FromPem(Ca.RootPem).VerifyReceipt(Convert.FromBase64String(parsed.Receipt)).Receipt!;
            Assert.Equal(LicenseReceiptStatus.Unknown, receipt.Status);
            Assert.Equal((null, null, null, null, null, (DeploymentMode?)null),
                (receipt.Credential, receipt.Limits, receipt.Features, receipt.ExpiresAt, receipt.GraceDays, receipt.Mode));
        }
        Assert.Equal(0, await BuiltHosts.ActivationCountAsync(Server, id));

        await using var runtime = await StartRuntimeAsync(key, "attack2");
        await RunAsync(runtime, async admin =>
        {
            Assert.Equal("valid", await BuiltHosts.WaitForLicenseAsync(admin, "valid"));
            Assert.Equal(1, await BuiltHosts.ActivationCountAsync(Server, id));
        });
    }

    /// <summary>Attack 3: revoke, then restart with the license server unreachable. The refusal survives.</summary>
    [Fact]
    public async Task Attack3_RevokedThenRestartedWithServerUnreachable_StaysRefused()
    {
        var (id, key, _) = await BuiltHosts.CreateLicenseAsync(Server);
        await using (var runtime = await StartRuntimeAsync(key, "attack3"))
        {
            await RunAsync(runtime, async admin =>
            {
                Assert.Equal("valid", await BuiltHosts.WaitForLicenseAsync(admin, "valid"));
                using (var server = Server.Admin())
                {
                    Assert.Equal(HttpStatusCode.OK, (await server.PostAsync($"api/v1/admin/licenses/{id}/revoke", null)).StatusCode);
                }
                await BuiltHosts.WaitForLicenseAsync(admin, l => l.Reason.Contains("revoked", StringComparison.Ordinal));
                // The refusal is on disk once the state has been saved after it.
                await BuiltHosts.WaitForLicenseAsync(admin, _ => File.ReadAllText(Path.Combine(Root, "attack3", "license-state.json")).Contains("\"receipt\"", StringComparison.Ordinal));
            });
        }

        // Port 9 (discard) on loopback: connection refused, as with the server blocked.
        await using var restarted = await StartRuntimeAsync(key, "attack3", new Uri("http://127.0.0.1:9/"));
        await RunAsync(restarted, async admin =>
        {
            var first = await BuiltHosts.LicenseAsync(admin);
            Assert.Equal("invalid", first.Status);
            Assert.Contains("revoked", first.Reason, StringComparison.Ordinal);
            // Several failed call-homes later (one a second, each with the HTTP client's own retries), still refused, never grace.
            await BuiltHosts.WaitForLicenseAsync(admin, _ => restarted.Output.Split("network_error").Length > 3, TimeSpan.FromSeconds(120));
            Assert.Equal("invalid", await BuiltHosts.LicenseStatusAsync(admin));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await admin.GetAsync("/models")).StatusCode);
        });
    }

    /// <summary>
    /// Attack 4: the clock set back a day (libfaketime) on a restart; the offline license still expires on time, by the
    /// monotonic time the process runs, while the runtime's own clock still reads a day before expiry.
    /// </summary>
    [Fact]
    public async Task Attack4_ClockSetBackADay_OfflineLicenseStillExpiresOnTime()
    {
        Assert.True(File.Exists(LibFaketime), $"{LibFaketime} is missing: install Debian's faketime package (./build.sh test does).");
        var file = Path.Combine(Root, "attack4.lic");
        var expires = DateTimeOffset.UtcNow.AddSeconds(90);
        await BuiltHosts.RunToolAsync("issue", "--ca", Ca.Directory, "--customer", "Acme Corp", "--mode", "self-hosted",
            "--expires", expires.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), "--out", file);
        var license = await File.ReadAllTextAsync(file);
        var state = Path.Combine(Root, "attack4", "license-state.json");

        await using (var runtime = await StartRuntimeAsync(license, "attack4"))
        {
            await RunAsync(runtime, async admin =>
            {
                Assert.Equal("valid", await BuiltHosts.WaitForLicenseAsync(admin, "valid"));
                await BuiltHosts.WaitForLicenseAsync(admin, _ => File.Exists(state));
            });
        }

        await using var rolledBack = await StartRuntimeAsync(license, "attack4", extra: new Dictionary<string, string>
        {
            ["LD_PRELOAD"] = LibFaketime,
            ["FAKETIME"] = "-1d",
            ["FAKETIME_DONT_FAKE_MONOTONIC"] = "1",
        });
        await RunAsync(rolledBack, async admin =>
        {
            using (var response = await admin.GetAsync("/license"))
            {
                // The runtime's clock (Kestrel's Date header) reads a day back.
                Assert.True(response.Headers.Date < DateTimeOffset.UtcNow.AddHours(-12), $"faketime is not in effect: Date {response.Headers.Date}");
            }
            if (DateTimeOffset.UtcNow < expires - TimeSpan.FromSeconds(5))
            {
                Assert.Equal("valid", await BuiltHosts.LicenseStatusAsync(admin));
            }

            var expired = await BuiltHosts.WaitForLicenseAsync(admin, l => l.Status == "expired", expires - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60));
            Assert.True(DateTimeOffset.UtcNow >= expires, "expired before its time");
            var refused = await admin.GetAsync("/models");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.True(refused.Headers.Date < expires.AddHours(-12), "the runtime's clock still reads before expiry");
            Assert.Contains("license-expired", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            output.WriteLine($"expired: {expired.Reason}");
        });
    }

    /// <summary>Attack 5: the key of a cloud (or local) license in a self-hosted runtime. Refused, as the offline path refuses it.</summary>
    [Theory]
    [InlineData("cloud")]
    [InlineData("local")]
    public async Task Attack5_KeyOfALicenseForAnotherMode_SelfHostedRuntimeRefusesIt(string mode)
    {
        var (_, key, _) = await BuiltHosts.CreateLicenseAsync(Server, mode: mode);
        await using var runtime = await StartRuntimeAsync(key, "attack5-" + mode);
        await RunAsync(runtime, async admin =>
        {
            var license = await BuiltHosts.WaitForLicenseAsync(admin, l => l.Reason.Contains($"mode '{mode}'", StringComparison.Ordinal));
            Assert.Equal("invalid", license.Status);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await admin.GetAsync("/models")).StatusCode);
        });
    }

    /// <summary>A license refused at start-up (here: for another product) says why, once.</summary>
    [Fact]
    public async Task LicenseForAnotherProduct_RefusedAtStartup_OneWarningWithTheReason()
    {
        var file = Path.Combine(Root, "other.lic");
        await BuiltHosts.RunToolAsync("issue", "--ca", Ca.Directory, "--customer", "Acme Corp", "--mode", "self-hosted",
            "--product", "another-product", "--expires", DateTimeOffset.UtcNow.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), "--out", file);
        await using var runtime = await StartRuntimeAsync(await File.ReadAllTextAsync(file), "startup-warning");
        await RunAsync(runtime, async admin =>
        {
            Assert.Equal("invalid", await BuiltHosts.LicenseStatusAsync(admin));
            var lines = runtime.Output.Split('\n').Where(l => l.Contains("refused at start-up", StringComparison.Ordinal)).ToList();
            Assert.Contains("another-product", Assert.Single(lines), StringComparison.Ordinal);
        });
    }

    /// <summary>A man in the middle on loopback: edits each validation request's JSON, then forwards it to the real server.</summary>
    private async Task<Relay> RelayAsync(Action<JsonObject> edit)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var upstream = new HttpClient { BaseAddress = Server.Url };
        app.MapPost("/api/v1/licenses/validate", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = JsonNode.Parse(await reader.ReadToEndAsync())!.AsObject();
            edit(body);
            using var forwarded = await upstream.PostAsync("api/v1/licenses/validate", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
            context.Response.StatusCode = (int)forwarded.StatusCode;
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(await forwarded.Content.ReadAsByteArrayAsync());
        });
        await app.StartAsync();
        var url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return new Relay(app, upstream, url);
    }

    private sealed record Relay(WebApplication App, HttpClient Upstream, Uri Url) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Upstream.Dispose();
            await RealTime.StopAndDisposeAsync(App, "the relay");
        }
    }
}
