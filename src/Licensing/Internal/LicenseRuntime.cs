using System.Reflection;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Glyphh.Licensing.Internal;

/// <summary>
/// The shell around <see cref="LicenseEvaluator"/>: reads the license and the state file, reads the clocks, calls home,
/// verifies receipts, saves, logs and publishes. Only the background service calls it, one call at a time.
/// </summary>
internal sealed class LicenseRuntime
{
    private readonly GlyphhLicensingOptions _options;
    private readonly ILicenseStateStore _store;
    private readonly MachineIdentity _machine;
    private readonly LicenseStateHolder _holder;
    private readonly LicenseValidationClient _client;
    private readonly LicensingMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _version;

    private byte[]? _licenseDer;
    private LicenseInput _input;
    private LicenseFacts _facts = LicenseFacts.Empty;
    private long? _stamp;
    private bool _rollbackLogged;
    private bool _saveFailedLogged;

    public LicenseRuntime(
        IOptions<GlyphhLicensingOptions> options,
        ILicenseStateStore store,
        MachineIdentity machine,
        LicenseStateHolder holder,
        LicenseValidationClient client,
        LicensingMetrics metrics,
        TimeProvider timeProvider,
        ILogger<LicenseRuntime> logger)
    {
        _options = options.Value;
        _store = store;
        _machine = machine;
        _holder = holder;
        _client = client;
        _metrics = metrics;
        _time = timeProvider;
        _logger = logger;
        _input = new LicenseInput { Options = _options, Fingerprint = machine.Fingerprint };
        _version = _options.ProductVersion
            ?? Assembly.GetEntryAssembly()?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? "0.0.0";
    }

    private bool SelfHosted => _options.Mode == DeploymentMode.SelfHosted;

    /// <summary>Reads the license and the persisted state, and publishes the first snapshot.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (!SelfHosted)
        {
            _holder.Publish(LicenseEvaluator.Evaluate(_input, _facts, _time.GetUtcNow()).Snapshot);
            return;
        }

        _input = LoadLicense();
        await LoadStateAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        _stamp = _time.GetTimestamp();
        (_input, _facts) = LicenseEvaluator.Start(_input, _facts, now);
        var snapshot = Evaluate(now).Snapshot;
        _holder.Publish(snapshot);

        // Invalid at start-up is no status change, so the holder logs nothing: say why once.
        if (snapshot.Status == LicenseStatus.Invalid && !ReferenceEquals(snapshot.Reason, LicenseEvaluator.WaitingReason))
        {
            Log.RefusedAtStartup(_logger, snapshot.Reason);
        }
    }

    /// <summary>
    /// Validates online when due, re-evaluates, saves; returns how long to sleep (in license time, so a wall clock set back
    /// cannot stretch it) and the monotonic timestamp it counts from (the clock read the evaluation used).
    /// </summary>
    public async Task<(TimeSpan Sleep, long From)> TickAsync(CancellationToken cancellationToken)
    {
        if (!SelfHosted)
        {
            return (LicenseEvaluator.MaxSleep, _time.GetTimestamp());
        }

        var now = ReadClock();
        if (LicenseEvaluator.ValidationDue(_input, _facts))
        {
            await ValidateAsync(cancellationToken).ConfigureAwait(false);
            now = ReadClock();
        }

        var evaluation = Evaluate(now);
        _holder.Publish(evaluation.Snapshot);
        await SaveAsync(evaluation.Persist, cancellationToken).ConfigureAwait(false);
        return (evaluation.NextWake, _stamp!.Value);
    }

    /// <summary>Reads the wall clock and the monotonic clock and moves license time on.</summary>
    private DateTimeOffset ReadClock()
    {
        var now = _time.GetUtcNow();
        var stamp = _time.GetTimestamp();
        var elapsed = _stamp is { } last ? _time.GetElapsedTime(last, stamp) : TimeSpan.Zero;
        _stamp = stamp;
        _facts = LicenseEvaluator.Advance(_facts, now, elapsed);
        return now;
    }

    private LicenseEvaluation Evaluate(DateTimeOffset now)
    {
        var evaluation = LicenseEvaluator.Evaluate(_input, _facts, now);
        if (evaluation.ClockMovedBack && !_rollbackLogged)
        {
            Log.ClockMovedBack(_logger, now, _facts.LicenseTime);
        }

        _rollbackLogged = evaluation.ClockMovedBack;
        return evaluation;
    }

    private LicenseInput LoadLicense()
    {
        var input = _input;
        LicenseVerifier verifier;
        try
        {
            var pem = !string.IsNullOrWhiteSpace(_options.RootCertificatesPem) ? _options.RootCertificatesPem : File.ReadAllText(_options.RootCertificateFile!);
            verifier = new LicenseVerifier(LicenseVerifier.LoadRoots(pem), _time);
            input = input with { VerifyReceiptAt = verifier.VerifyReceipt };
        }
        catch (Exception ex) when (ex is GlyphhLicensingException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            return input with { ConfigurationError = "The vendor root certificate cannot be read: " + ex.Message };
        }

        string? text = _options.LicenseKey;
        if (string.IsNullOrWhiteSpace(text) && !string.IsNullOrWhiteSpace(_options.LicenseFile))
        {
            try
            {
                var info = new FileInfo(_options.LicenseFile);
                text = info.Length > LicenseSigning.MaxLicenseLength ? new string('?', LicenseSigning.MaxLicenseLength + 1) : File.ReadAllText(_options.LicenseFile);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Log.LicenseFileUnreadable(_logger, _options.LicenseFile, ex);
                return input with { ConfigurationError = $"The license file '{_options.LicenseFile}' cannot be read: {ex.Message}" };
            }
        }

        if (OnlineLicenseKey.TryNormalize(text, out var key))
        {
            return input with { OnlineKey = key, Identity = LicenseCredential.ForKey(key) };
        }

        var context = new LicenseVerificationContext
        {
            Product = _options.Product,
            Mode = _options.Mode,
            MachineFingerprint = _machine.Fingerprint,
            ClockSkewTolerance = _options.ClockSkewTolerance,
        };
        input = input with { VerifyLicenseAt = at => verifier.Verify(text, context, at) };

        // The identity is the signed bytes.
        if (LicenseArmor.TryDecode(text, out var der, out _))
        {
            _licenseDer = der;
            input = input with { Identity = LicenseCredential.ForLicense(der) };
        }

        return input;
    }

    private async Task LoadStateAsync(CancellationToken cancellationToken)
    {
        PersistedLicenseState? state;
        try
        {
            state = await _store.LoadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.StateUnreadable(_logger, ex);
            return;
        }

        var (facts, discarded) = LicenseEvaluator.Restore(_input, state, _time.GetUtcNow());
        _facts = facts;
        if (discarded is not null)
        {
            Log.StateDiscarded(_logger, discarded);
        }
    }

    private async Task ValidateAsync(CancellationToken cancellationToken)
    {
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var request = new LicenseValidationRequest
        {
            LicenseKey = _input.OnlineKey,
            LicenseId = _input.OnlineKey is null ? _input.Claims?.LicenseId : null,
            Proof = _input.OnlineKey is null && _licenseDer is not null ? LicenseCredential.Proof(_licenseDer, nonce, _machine.Fingerprint, _options.Product) : null,
            Fingerprint = _machine.Fingerprint,
            Product = _options.Product,
            Version = _version,
            Nonce = nonce,
        };

        var (der, outcome, detail) = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var now = ReadClock();
        var answer = LicenseEvaluator.Answer(_input, _facts, now, der, outcome, detail, nonce, Random.Shared.NextDouble());
        _facts = answer.Facts;
        _metrics.Validation(answer.Outcome);
        switch (answer.Kind)
        {
            case LicenseAnswerKind.Validated:
                Log.Validated(_logger, answer.Receipt!.LicenseId, _facts.NextValidation);
                break;
            case LicenseAnswerKind.Refused:
                Log.ValidationRefused(_logger, answer.Receipt!.Status, answer.Receipt.LicenseId, answer.Receipt.Message ?? string.Empty);
                break;
            default:
                Log.ValidationFailed(_logger, answer.Outcome, answer.Detail!);
                break;
        }
    }

    private async Task SaveAsync(PersistedLicenseState? state, CancellationToken cancellationToken)
    {
        if (state is null)
        {
            return;
        }

        try
        {
            await _store.SaveAsync(state, cancellationToken).ConfigureAwait(false);
            _saveFailedLogged = false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (!_saveFailedLogged)
            {
                Log.StateNotSaved(_logger, ex);
                _saveFailedLogged = true;
            }
        }
    }
}
