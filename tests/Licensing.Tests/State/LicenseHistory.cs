using System.Globalization;
using Glyphh.Licensing.Internal;
using Glyphh.Licensing.Issuing;
using Glyphh.Licensing.Tests.Support;
using Microsoft.Extensions.Options;

namespace Glyphh.Licensing.Tests.State;

/// <summary>What the license server does when called, from now on.</summary>
internal enum ServerMode
{
    /// <summary>Signs a valid receipt (also after the license's end: the evaluator must still say expired).</summary>
    Valid,

    /// <summary>Signs a revoked receipt.</summary>
    Revoked,

    /// <summary>Signs a suspended receipt.</summary>
    Suspended,

    /// <summary>Signs an expired receipt.</summary>
    Expired,

    /// <summary>Signs an unknown receipt for the credential.</summary>
    Unknown,

    /// <summary>Signs a too-many-machines receipt.</summary>
    TooManyMachines,

    /// <summary>No answer (network error).</summary>
    Timeout,

    /// <summary>HTTP 5xx.</summary>
    ServerError,

    /// <summary>A relay replays the last valid receipt the server signed (another request's nonce).</summary>
    Replay,
}

/// <summary>One event of a history.</summary>
internal abstract record HistoryStep;

/// <summary>Time passes while the process runs (wall and monotonic clocks move together); then the loop ticks.</summary>
internal sealed record Wait(TimeSpan Duration) : HistoryStep;

/// <summary>Someone sets the wall clock (back when negative); the monotonic clock does not move; then the loop ticks.</summary>
internal sealed record MoveClock(TimeSpan By) : HistoryStep;

/// <summary>The wall clock is set right again (NTP); then the loop ticks.</summary>
internal sealed record FixClock : HistoryStep;

/// <summary>The license server (or what answers in its place) changes behaviour.</summary>
internal sealed record SetServer(ServerMode Mode) : HistoryStep;

/// <summary>The process stops, stays down (wall clock moving, no monotonic time), and starts from the saved state file.</summary>
internal sealed record Restart(TimeSpan Down) : HistoryStep;

/// <summary>A generated history: which license, a seed for nonces and jitter, and the steps.</summary>
internal sealed record LicenseScenario(bool OfflineCallHome, int Seed, IReadOnlyList<HistoryStep> Steps)
{
    /// <inheritdoc/>
    public override string ToString() => $"{(OfflineCallHome ? "offline license that calls home" : "online key")}, seed {Seed}: {string.Join(", ", Steps)}";
}

/// <summary>
/// Drives <see cref="LicenseEvaluator"/> the way <c>LicenseRuntime</c> does, against a simulated server that signs real
/// receipts with a real issuer, and checks the licensing invariants after every evaluation. The true time is the
/// server's; the wall clock is the machine's and may be set anywhere.
/// </summary>
internal sealed class LicenseHistory
{
    public const int GraceDays = 3;

    private static readonly TestPki Pki = new();
    private static readonly DateTimeOffset Begin = TestPki.T0.AddDays(1);

    /// <summary>The license's end (offline claims and every receipt); declared before the license that uses it.</summary>
    private static readonly DateTimeOffset LicenseEnd = TestPki.T0.AddDays(21);
    private static readonly string Fingerprint = "machine-under-test";
    private static readonly LicenseVerifier Verifier = Pki.Verifier();
    private static readonly string OnlineKey = OnlineLicenseKeyGenerator.Generate();
    private static readonly string OfflineLicense = Pki.Issuer.IssueLicense(new LicenseClaims
    {
        LicenseId = "lic-prop",
        Customer = "Acme Corp",
        Product = TestPki.Product,
        Mode = DeploymentMode.SelfHosted,
        IssuedAt = Begin,
        NotBefore = Begin,
        ExpiresAt = LicenseEnd,
        CallHome = true,
        RevalidateHours = 24,
        GraceDays = GraceDays,
    });

    private readonly bool _offline;
    private readonly Random _random;
    private readonly GlyphhLicensingOptions _options;
    private readonly LicenseInput _loaded;
    private LicenseInput _input;
    private LicenseFacts _facts = LicenseFacts.Empty;
    private TimeSpan _offset;
    private ServerMode _server = ServerMode.Valid;
    private DateTimeOffset? _lastValidSigned;
    private byte[]? _lastValidDer;
    private bool _refused;
    private PersistedLicenseState? _saved;

    public LicenseHistory(LicenseScenario scenario, string dataDirectory)
    {
        _offline = scenario.OfflineCallHome;
        _random = new Random(scenario.Seed);
        _options = new GlyphhLicensingOptions { Mode = DeploymentMode.SelfHosted, Product = TestPki.Product, DataDirectory = dataDirectory };
        var context = new LicenseVerificationContext { Product = TestPki.Product, Mode = DeploymentMode.SelfHosted, MachineFingerprint = Fingerprint, ClockSkewTolerance = _options.ClockSkewTolerance };
        Assert.True(LicenseArmor.TryDecode(OfflineLicense, out var der, out _));
        _loaded = new LicenseInput
        {
            Options = _options,
            Fingerprint = Fingerprint,
            Identity = _offline ? LicenseCredential.ForLicense(der) : LicenseCredential.ForKey(OnlineKey),
            OnlineKey = _offline ? null : OnlineKey,
            VerifyLicenseAt = _offline ? at => Verifier.Verify(OfflineLicense, context, at) : null,
            VerifyReceiptAt = Verifier.VerifyReceipt,
        };
        _input = _loaded;
        True = Begin;
        Boot(null);
    }

    /// <summary>The server's (true) time.</summary>
    public DateTimeOffset True { get; private set; }

    private DateTimeOffset Wall => True + _offset;

    /// <summary>Every status published, for the generator's coverage.</summary>
    public HashSet<LicenseStatus> Statuses { get; } = [];

    /// <summary>Every way a call home ended, for the generator's coverage.</summary>
    public HashSet<LicenseAnswerKind> Answers { get; } = [];

    public void Run(HistoryStep step)
    {
        switch (step)
        {
            case Wait wait:
                True += wait.Duration;
                Tick(wait.Duration);
                break;
            case MoveClock move:
                _offset += move.By;
                Tick(TimeSpan.Zero);
                break;
            case FixClock:
                _offset = TimeSpan.Zero;
                Tick(TimeSpan.Zero);
                break;
            case SetServer server:
                _server = server.Mode;
                break;
            case Restart restart:
                var store = new FileLicenseStateStore(Options.Create(_options));
                if (_saved is not null)
                {
                    store.SaveAsync(_saved, CancellationToken.None).AsTask().GetAwaiter().GetResult();
                }

                True += restart.Down;
                Boot(store.LoadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult());
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(step), step, "Unknown step.");
        }
    }

    /// <summary>What <c>LicenseRuntime.InitializeAsync</c> does, then the loop's first tick.</summary>
    private void Boot(PersistedLicenseState? saved)
    {
        var before = _facts.LicenseTime;
        var (restored, discarded) = LicenseEvaluator.Restore(_loaded, saved, Wall);
        Require(discarded is null, $"the saved state was discarded: {discarded}");
        (_input, _facts) = LicenseEvaluator.Start(_loaded, restored, Wall);
        Check(LicenseEvaluator.Evaluate(_input, _facts, Wall), before, null);
        Tick(TimeSpan.Zero);
    }

    /// <summary>What <c>LicenseRuntime.TickAsync</c> does; the call home takes no time.</summary>
    private void Tick(TimeSpan monotonicElapsed)
    {
        var before = _facts.LicenseTime;
        _facts = LicenseEvaluator.Advance(_facts, Wall, monotonicElapsed);
        LicenseAnswer? answer = null;
        if (LicenseEvaluator.ValidationDue(_input, _facts))
        {
            var nonce = _random.Next().ToString("x8", CultureInfo.InvariantCulture);
            var (der, signed) = Call(nonce);
            answer = LicenseEvaluator.Answer(_input, _facts, Wall, der, ValidationOutcomes.NetworkError, "no answer", nonce, _random.NextDouble());
            _facts = answer.Facts;
            Answers.Add(answer.Kind);
            // Whatever the wall clock does, an answer (or none) schedules the next call in license time, not at once.
            Require(!LicenseEvaluator.ValidationDue(_input, _facts), $"a validation is due again right after a call home ({answer.Kind}, next {_facts.NextValidation:O}, license time {_facts.LicenseTime:O})");
            ExpectAnswer(answer, signed);
            if (answer.Kind == LicenseAnswerKind.Refused)
            {
                _refused = true;
            }
            else if (answer.Kind == LicenseAnswerKind.Validated)
            {
                _refused = false;
            }
        }

        var evaluation = LicenseEvaluator.Evaluate(_input, _facts, Wall);
        Check(evaluation, before, answer);

        // While the process runs, license time keeps up with the monotonic clock whatever the wall clock does.
        Require(_facts.LicenseTime >= before + monotonicElapsed || answer?.Receipt is not null, $"license time moved {_facts.LicenseTime - before} in {monotonicElapsed} of monotonic time");
        _saved = evaluation.Persist;
    }

    /// <summary>The server's answer: the signed receipt, or none.</summary>
    private (byte[]? Der, LicenseReceiptStatus? Signed) Call(string nonce)
    {
        var status = _server switch
        {
            ServerMode.Valid => LicenseReceiptStatus.Valid,
            ServerMode.Revoked => LicenseReceiptStatus.Revoked,
            ServerMode.Suspended => LicenseReceiptStatus.Suspended,
            ServerMode.Expired => LicenseReceiptStatus.Expired,
            ServerMode.Unknown => LicenseReceiptStatus.Unknown,
            ServerMode.TooManyMachines => LicenseReceiptStatus.TooManyMachines,
            ServerMode.Replay => (LicenseReceiptStatus?)null,
            _ => null,
        };
        if (_server == ServerMode.Replay)
        {
            return (_lastValidDer, null);
        }

        if (status is not { } answered)
        {
            return (null, null);
        }

        var der = Pki.Issuer.SignReceipt(new LicenseReceipt
        {
            LicenseId = "lic-prop",
            Credential = _input.Identity,
            Nonce = nonce,
            ServerTime = True,
            Status = answered,
            Product = TestPki.Product,
            Fingerprint = Fingerprint,
            NextValidationAt = True.AddHours(24),
            ExpiresAt = LicenseEnd,
            Mode = DeploymentMode.SelfHosted,
            Limits = new LicenseLimits(new Dictionary<string, long> { ["projects"] = 5 }),
            Features = ["search"],
            GraceDays = GraceDays,
            Message = answered == LicenseReceiptStatus.Valid ? null : "refused by the property test",
        });
        if (answered == LicenseReceiptStatus.Valid)
        {
            _lastValidSigned = True;
            _lastValidDer = der;
        }

        return (der, answered);
    }

    /// <summary>A receipt signed for this request is taken as it is exactly when the wall clock is within the receipt's max age of the server's; a replay never is.</summary>
    private void ExpectAnswer(LicenseAnswer answer, LicenseReceiptStatus? signed)
    {
        if (signed is null)
        {
            Require(answer.Kind == LicenseAnswerKind.Failed, $"a call without a fresh receipt ended {answer.Kind}");
            return;
        }

        var inTime = (Wall - True).Duration() <= _options.ReceiptMaxAge;
        var expected = !inTime ? LicenseAnswerKind.Failed : signed == LicenseReceiptStatus.Valid ? LicenseAnswerKind.Validated : LicenseAnswerKind.Refused;
        Require(answer.Kind == expected, $"a fresh '{signed}' receipt with the wall clock {Wall - True} off ended {answer.Kind} ({answer.Outcome}: {answer.Detail}), expected {expected}");
    }

    private void Check(LicenseEvaluation evaluation, DateTimeOffset before, LicenseAnswer? answer)
    {
        var snapshot = evaluation.Snapshot;
        var time = _facts.LicenseTime;
        Statuses.Add(snapshot.Status);
        var at = $"at true {True:O}, wall {Wall:O}, license time {time:O}, status {snapshot.Status} ({snapshot.Reason})";

        // License time only goes back to a fresh receipt's server time (trusted time healing a clock once set ahead).
        var healed = answer?.Receipt is { } receipt && time == (Wall > receipt.ServerTime ? Wall : receipt.ServerTime);
        Require(time >= before || healed, $"license time went back from {before:O} {at}");
        Require(evaluation.NextWake > TimeSpan.Zero && evaluation.NextWake <= LicenseEvaluator.MaxSleep, $"next wake {evaluation.NextWake} {at}");

        var licensed = snapshot.Status is LicenseStatus.Valid or LicenseStatus.Expiring or LicenseStatus.Grace;
        if (!licensed)
        {
            return;
        }

        Require(time < LicenseEnd, $"licensed after expiry in license time {at}");
        var anchor = _lastValidSigned ?? (_offline ? Begin : null);
        Require(anchor is { } a && time < a.AddDays(GraceDays), $"licensed more than {GraceDays} days after the last good validation ({anchor:O}) {at}");
        Require(snapshot.GraceEndsAt is null || snapshot.GraceEndsAt <= anchor!.Value.AddDays(GraceDays), $"grace until {snapshot.GraceEndsAt:O} {at}");
        Require(!_refused, $"licensed after a refusal without a newer valid receipt {at}");

        // The published snapshot is not left standing past its end: the loop wakes by then.
        var end = snapshot.GraceEndsAt is { } grace && (snapshot.ExpiresAt is not { } expires || grace < expires) ? grace : snapshot.ExpiresAt;
        Require(end is null || time + evaluation.NextWake <= end, $"next wake {evaluation.NextWake} is after the snapshot's end {end:O} {at}");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new Xunit.Sdk.XunitException(message);
        }
    }
}
