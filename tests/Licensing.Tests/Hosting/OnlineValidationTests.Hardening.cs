using System.Net;
using System.Text.Json.Nodes;
using Glyphh.Licensing.Issuing;
using Glyphh.Licensing.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Glyphh.Licensing.Tests.Hosting;

/// <summary>
/// The licensee as attacker, in process with a real Kestrel fake server and real signatures: receipts bound to the
/// credential, machine and mode; refusals that survive a restart; license time that a clock set back cannot slow.
/// </summary>
public sealed partial class OnlineValidationTests
{
    private void Answer(Func<LicenseValidationRequest, LicenseReceipt> receipt) =>
        _server.Respond = (request, context) => FakeLicenseServer.WriteAsync(context, Pki.Issuer.CreateValidationResponse(receipt(request)));

    /// <summary>A run that validates, then is revoked at its next validation, and stops.</summary>
    private async Task ValidThenRevokedAsync()
    {
        await using var first = await StartAsync();
        await first.WaitForAsync(s => s.Status == LicenseStatus.Valid);
        Answer(request => _server.Receipt(request, LicenseReceiptStatus.Revoked));
        await first.WaitForAsync(s => s.Status == LicenseStatus.Invalid, _time, TimeSpan.FromHours(1));
    }

    private void ServerDown() => _server.Respond = (_, context) =>
    {
        context.Response.StatusCode = 503;
        return Task.CompletedTask;
    };

    [Fact]
    public async Task ValidReceiptForAnotherKey_IsRefused_NeverValid()
    {
        // A relay swapped the key for one it knows; the genuine server answers valid, for that other key.
        var other = LicenseCredential.ForKey(OnlineLicenseKeyGenerator.Generate());
        Answer(request => _server.Receipt(request, credential: other));
        await using var app = await StartAsync();

        var state = await app.WaitForAsync(s => s.Reason.Contains("another credential", StringComparison.Ordinal));

        Assert.Equal(LicenseStatus.Invalid, state.Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await app.Client.GetAsync("/api/thing")).StatusCode);
    }

    [Theory]
    [InlineData(DeploymentMode.Cloud)]
    [InlineData(DeploymentMode.Local)]
    public async Task ValidReceiptForAnotherMode_IsRefused(DeploymentMode mode)
    {
        Answer(request => _server.Receipt(request, mode: mode));
        await using var app = await StartAsync();

        var state = await app.WaitForAsync(s => s.Reason.Contains("of mode", StringComparison.Ordinal));

        Assert.Equal(LicenseStatus.Invalid, state.Status);
        Assert.Contains(mode.ToName(), state.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidReceiptForAnotherMachine_IsRefused()
    {
        Answer(request => _server.Receipt(request, fingerprint: MachineFingerprint.Compute(TestPki.Product, "someone-else")));
        await using var app = await StartAsync();

        var state = await app.WaitForAsync(s => s.Reason.Contains("another machine", StringComparison.Ordinal));

        Assert.Equal(LicenseStatus.Invalid, state.Status);
    }

    [Fact]
    public async Task Refusal_SurvivesARestartWithTheServerUnreachable_UntilANewerValidReceipt()
    {
        await ValidThenRevokedAsync();

        ServerDown();
        await using (var second = await StartAsync())
        {
            // Refused from the first snapshot on; failed call-homes do not turn it into grace.
            Assert.Equal(LicenseStatus.Invalid, second.State.Current.Status);
            Assert.Contains("revoked", second.State.Current.Reason, StringComparison.Ordinal);
            var requests = _server.Requests.Count;
            await second.WaitForAsync(_ => _server.Requests.Count >= requests + 2, _time, TimeSpan.FromMinutes(30));
            Assert.Equal(LicenseStatus.Invalid, second.State.Current.Status);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await second.Client.GetAsync("/api/thing")).StatusCode);

            // Reinstated: a newer valid receipt ends the refusal.
            _server.Respond = null;
            await second.WaitForAsync(s => s.Status == LicenseStatus.Valid, _time, TimeSpan.FromMinutes(30));
        }
    }

    [Fact]
    public async Task StateFileWithoutTheRefusal_GainsNoGrace()
    {
        await ValidThenRevokedAsync();

        // The licensee deletes the refusal, hoping for the good receipt before it: there is none left to fall back on.
        var path = Path.Combine(_data.Path, "license-state.json");
        var document = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
        Assert.True(document.Remove("receipt"));
        await File.WriteAllTextAsync(path, document.ToJsonString());

        ServerDown();
        await using var second = await StartAsync();
        var state = await second.WaitForAsync(s => !s.Reason.StartsWith("Waiting", StringComparison.Ordinal), _time, TimeSpan.FromSeconds(5));
        Assert.Equal(LicenseStatus.Invalid, state.Status);
        Assert.Null(state.GraceEndsAt);
    }

    [Fact]
    public async Task ClockSetBackWhileRunning_OfflineLicenseStillExpiresOnTime()
    {
        var expires = _time.GetUtcNow().AddHours(12);
        await using var app = await StartAsync(license: Pki.Issuer.IssueLicense(TestPki.Claims(expiresAt: expires)));
        await app.WaitForAsync(s => s.Status is LicenseStatus.Valid or LicenseStatus.Expiring);

        // The wall clock goes back a day; the process keeps running for 12 h 5 min of monotonic time.
        _time.WallOffset = TimeSpan.FromDays(-1);
        var state = await app.WaitForAsync(s => s.Status == LicenseStatus.Expired, _time, TimeSpan.FromMinutes(5), rounds: 200);

        Assert.True(_time.GetUtcNow() < expires, "the wall clock still reads before expiry");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await app.Client.GetAsync("/api/thing")).StatusCode);
    }

    [Fact]
    public async Task ClockSetBackInGrace_GraceStillEndsSevenDaysAfterTheLastValidation()
    {
        await using var app = await StartAsync();
        var validatedAt = (await app.WaitForAsync(s => s.Status == LicenseStatus.Valid)).LastValidatedAt!.Value;
        ServerDown();
        await app.WaitForAsync(s => s.Status == LicenseStatus.Grace, _time, TimeSpan.FromHours(1));

        _time.WallOffset = TimeSpan.FromDays(-3);
        var state = await app.WaitForAsync(s => s.Status == LicenseStatus.Expired, _time, TimeSpan.FromHours(1), rounds: 400);

        Assert.Equal(validatedAt.AddDays(7), state.GraceEndsAt);
        // Monotonic time run since the validation, not the wall clock, ended it.
        Assert.True(_time.Monotonic - validatedAt <= TimeSpan.FromDays(7) + TimeSpan.FromHours(2), $"expired only at {_time.Monotonic:O}");
    }

    [Fact]
    public async Task LicenseRefusedAtStartup_LogsOneWarningWithTheReason()
    {
        await using var app = await StartAsync(license: Pki.Issuer.IssueLicense(TestPki.Claims(product: "another-product")));

        Assert.Equal(LicenseStatus.Invalid, app.State.Current.Status);
        var warning = Assert.Single(app.Logs.GetSnapshot(), r => r.Id.Name == "LicenseRefusedAtStartup");
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("another-product", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnlineKeyWaitingForFirstValidation_LogsNoStartupWarning()
    {
        var gate = new TaskCompletionSource();
        _server.Respond = async (request, context) =>
        {
            await gate.Task;
            await _server.ValidAsync(request, context);
        };
        await using var app = await StartAsync();
        Assert.DoesNotContain(app.Logs.GetSnapshot(), r => r.Id.Name == "LicenseRefusedAtStartup");
        gate.SetResult();
        await app.WaitForAsync(s => s.Status == LicenseStatus.Valid);
    }

    /// <summary>A fake clock whose wall clock can be set back while its monotonic clock (and timers) keep going.</summary>
    private sealed class RollbackTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
    {
        public TimeSpan WallOffset { get; set; }

        public DateTimeOffset Monotonic => base.GetUtcNow();

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + WallOffset;

        // The monotonic clock ignores the wall clock's offset.
        public override long GetTimestamp() => base.GetUtcNow().Ticks;
    }
}
