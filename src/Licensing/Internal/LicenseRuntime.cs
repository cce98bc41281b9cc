using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Glyphh.Licensing.Internal;

/// <summary>
/// The license state machine: verifies the offline license, calls home, keeps the latest receipt (the last good one or
/// a definitive refusal after it) and license time, and computes the snapshot. Only the background service calls it, one
/// call at a time. License time never runs slower than the monotonic clock, so setting the wall clock back gains nothing.
/// </summary>
internal sealed class LicenseRuntime
{
    private static readonly TimeSpan MaxSleep = TimeSpan.FromHours(1);

    private readonly GlyphhLicensingOptions _options;
    private readonly ILicenseStateStore _store;
    private readonly MachineIdentity _machine;
    private readonly LicenseStateHolder _holder;
    private readonly LicenseValidationClient _client;
    private readonly LicensingMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _version;

    private LicenseVerifier? _verifier;
    private string? _licenseText;
    private byte[]? _licenseDer;
    private string? _onlineKey;
    private string? _configurationError;
    private string? _identity;
    private LicenseClaims? _claims;
    private LicenseReceipt? _lastGood;
    private byte[]? _latestDer;
    private LicenseReceipt? _definitive;
    private string? _failure;
    private bool _lastAttemptFailed;
    private bool _attempted;
    private bool _rollbackLogged;
    private bool _saveFailedLogged;
    // License time: the highest of the wall clock and the last license time plus monotonic time elapsed since.
    private DateTimeOffset _highWater = DateTimeOffset.MinValue;
    private long? _stamp;
    private DateTimeOffset _nextValidation = DateTimeOffset.MinValue;

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
        _version = _options.ProductVersion
            ?? Assembly.GetEntryAssembly()?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? "0.0.0";
    }

    private bool SelfHosted => _options.Mode == DeploymentMode.SelfHosted;

    private bool CallsHome => _onlineKey is not null || _claims?.CallHome == true;

    /// <summary>Reads the license and the persisted state, and publishes the first snapshot.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (!SelfHosted)
        {
            _holder.Publish(Evaluate(_time.GetUtcNow()));
            return;
        }

        LoadLicense();
        await LoadStateAsync(cancellationToken).ConfigureAwait(false);
        var now = ReadClock();
        if (_licenseText is not null && _verifier is not null)
        {
            _claims = _verifier.Verify(_licenseText, Context(), _highWater).Claims;
        }

        _nextValidation = DateTimeOffset.MinValue;
        var snapshot = Evaluate(now);
        _holder.Publish(snapshot);

        // Invalid at start-up is no status change, so the holder logs nothing: say why once.
        if (snapshot.Status == LicenseStatus.Invalid && !ReferenceEquals(snapshot.Reason, WaitingReason))
        {
            Log.RefusedAtStartup(_logger, snapshot.Reason);
        }
    }

    private const string WaitingReason = "Waiting for the first online validation.";

    /// <summary>Reads the wall clock and moves license time on: by the monotonic time elapsed since the last read, and up to the wall clock.</summary>
    private DateTimeOffset ReadClock()
    {
        var now = _time.GetUtcNow();
        var stamp = _time.GetTimestamp();
        if (_stamp is { } last && _highWater != DateTimeOffset.MinValue)
        {
            var elapsed = _time.GetElapsedTime(last, stamp);
            if (elapsed > TimeSpan.Zero)
            {
                _highWater += elapsed;
            }
        }

        _stamp = stamp;
        if (now > _highWater)
        {
            _highWater = now;
        }

        return now;
    }

    /// <summary>Validates online when due, re-evaluates, saves; returns how long to sleep (in license time, so a wall clock set back cannot stretch it).</summary>
    public async Task<TimeSpan> TickAsync(CancellationToken cancellationToken)
    {
        if (!SelfHosted)
        {
            return MaxSleep;
        }

        var now = ReadClock();
        if (CallsHome && _verifier is not null && _highWater >= _nextValidation)
        {
            await ValidateAsync(cancellationToken).ConfigureAwait(false);
            now = ReadClock();
        }

        var snapshot = Evaluate(now);
        _holder.Publish(snapshot);
        await SaveAsync(cancellationToken).ConfigureAwait(false);
        return NextWake(snapshot);
    }

    private void LoadLicense()
    {
        try
        {
            var pem = !string.IsNullOrWhiteSpace(_options.RootCertificatesPem) ? _options.RootCertificatesPem : File.ReadAllText(_options.RootCertificateFile!);
            _verifier = new LicenseVerifier(LicenseVerifier.LoadRoots(pem), _time);
        }
        catch (Exception ex) when (ex is GlyphhLicensingException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            _configurationError = "The vendor root certificate cannot be read: " + ex.Message;
            return;
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
                _configurationError = $"The license file '{_options.LicenseFile}' cannot be read: {ex.Message}";
                return;
            }
        }

        if (OnlineLicenseKey.TryNormalize(text, out var key))
        {
            _onlineKey = key;
            _identity = LicenseCredential.ForKey(key);
            return;
        }

        // The claims are read once license time is known (after the state is loaded); the identity is the signed bytes.
        _licenseText = text;
        if (LicenseArmor.TryDecode(text, out var der, out _))
        {
            _licenseDer = der;
            _identity = LicenseCredential.ForLicense(der);
        }
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

        if (state is null)
        {
            return;
        }

        _highWater = state.HighWaterMark;
        if (state.LastReceipt is null || _verifier is null)
        {
            return;
        }

        if (!string.Equals(state.LicenseIdentity, _identity, StringComparison.Ordinal))
        {
            Log.StateDiscarded(_logger, "it belongs to another license");
            return;
        }

        var check = _verifier.VerifyReceipt(state.LastReceipt, Max(_time.GetUtcNow(), _highWater));
        if (!check.IsValid || check.Receipt is not { } receipt)
        {
            Log.StateDiscarded(_logger, "the saved receipt does not verify: " + check.Detail);
            return;
        }

        if (NotOurs(receipt) is { } why)
        {
            Log.StateDiscarded(_logger, "the saved receipt " + why);
            return;
        }

        // The latest receipt is either the last good one or a refusal that came after it: a refusal stays a refusal.
        _latestDer = state.LastReceipt;
        _highWater = Max(_highWater, receipt.ServerTime);
        if (receipt.Status == LicenseReceiptStatus.Valid)
        {
            _lastGood = receipt;
        }
        else
        {
            _definitive = receipt;
        }
    }

    private async Task ValidateAsync(CancellationToken cancellationToken)
    {
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var request = new LicenseValidationRequest
        {
            LicenseKey = _onlineKey,
            LicenseId = _onlineKey is null ? _claims?.LicenseId : null,
            Proof = _onlineKey is null && _licenseDer is not null ? LicenseCredential.Proof(_licenseDer, nonce, _machine.Fingerprint, _options.Product) : null,
            Fingerprint = _machine.Fingerprint,
            Product = _options.Product,
            Version = _version,
            Nonce = nonce,
        };

        var (der, outcome, detail) = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var now = ReadClock();
        _attempted = true;
        if (der is null)
        {
            Fail(now, outcome, detail);
            return;
        }

        var check = _verifier!.VerifyReceipt(der, Max(now, _highWater));
        if (!check.IsValid || check.Receipt is null)
        {
            Fail(now, ValidationOutcomes.BadReceipt, $"The receipt was refused ({check.Status}): {check.Detail}");
            return;
        }

        var receipt = check.Receipt;
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(receipt.Nonce), Encoding.UTF8.GetBytes(nonce)))
        {
            Fail(now, ValidationOutcomes.NonceMismatch, "The receipt does not echo this request's nonce (replayed?).");
            return;
        }

        if (receipt.Credential is null && receipt.Status == LicenseReceiptStatus.Unknown)
        {
            // The server could not tie the request to a license it holds; that binds no license, so it is no definitive answer.
            Fail(now, ValidationOutcomes.From(receipt.Status), "The license server does not know this license (or did not accept its proof of possession).");
            return;
        }

        if (NotOurs(receipt) is { } why)
        {
            Fail(now, ValidationOutcomes.WrongLicense, "The receipt was refused: it " + why + ".");
            return;
        }

        var skew = (now - receipt.ServerTime).Duration();
        if (skew > _options.ReceiptMaxAge)
        {
            Fail(now, ValidationOutcomes.ClockSkew, $"The receipt's server time {receipt.ServerTime:O} is {skew} from this clock ({now:O}); the receipt is too old or the clock is wrong.");
            return;
        }

        // Server time is authoritative: it also heals a high-water mark poisoned by a clock once set ahead.
        _highWater = Max(now, receipt.ServerTime);
        _metrics.Validation(ValidationOutcomes.From(receipt.Status));
        _latestDer = der;
        if (receipt.Status == LicenseReceiptStatus.Valid)
        {
            _lastGood = receipt;
            _definitive = null;
            _failure = null;
            _lastAttemptFailed = false;
            var interval = RevalidationInterval();
            var next = receipt.NextValidationAt is { } suggested && suggested > now && suggested < now + interval ? suggested : now + interval;
            _nextValidation = now + Jitter(next - now);
            Log.Validated(_logger, receipt.LicenseId, _nextValidation);
            return;
        }

        // A definitive answer replaces the last good receipt, in memory and on disk: dropping it from the file gains nothing.
        _definitive = receipt;
        _lastGood = null;
        _failure = RefusalReason(receipt);
        _lastAttemptFailed = false;
        _nextValidation = now + Jitter(_options.RetryInterval);
        Log.ValidationRefused(_logger, receipt.Status, receipt.LicenseId, receipt.Message ?? string.Empty);
    }

    private void Fail(DateTimeOffset now, string outcome, string detail)
    {
        _metrics.Validation(outcome);
        _failure = detail;
        _lastAttemptFailed = true;
        _nextValidation = now + Jitter(_options.RetryInterval);
        Log.ValidationFailed(_logger, outcome, detail);
    }

    /// <summary>Why a receipt is not an answer for this credential, product, machine and mode; <see langword="null"/> when it is.</summary>
    private string? NotOurs(LicenseReceipt receipt)
    {
        if (!string.Equals(receipt.Credential, _identity, StringComparison.Ordinal))
        {
            return "answers another credential than this runtime's license";
        }

        if (!string.Equals(receipt.Product, _options.Product, StringComparison.Ordinal))
        {
            return $"is for product '{receipt.Product}', not '{_options.Product}'";
        }

        if (!string.Equals(receipt.Fingerprint, _machine.Fingerprint, StringComparison.Ordinal))
        {
            return "is for another machine";
        }

        if (receipt.Status == LicenseReceiptStatus.Valid && receipt.Mode != _options.Mode)
        {
            return $"is for a license of mode '{receipt.Mode?.ToName() ?? "(none)"}', not '{_options.Mode.ToName()}'";
        }

        return null;
    }

    private static string RefusalReason(LicenseReceipt receipt)
        => $"The license server answered '{ValidationOutcomes.From(receipt.Status)}' at {receipt.ServerTime:O}" + (receipt.Message is null ? "." : $": {receipt.Message}");

    internal LicenseSnapshot Evaluate(DateTimeOffset now)
    {
        var mode = _options.Mode;
        if (mode == DeploymentMode.Local)
        {
            return ModeSnapshots.Local(_options, now);
        }

        if (mode == DeploymentMode.Cloud)
        {
            return ModeSnapshots.Cloud(_options, now);
        }

        if (_configurationError is not null)
        {
            return new(LicenseStatus.Invalid, mode, EffectiveLimits.None, _configurationError, now);
        }

        var rolledBack = now + _options.ClockSkewTolerance < _highWater;
        if (rolledBack && !_rollbackLogged)
        {
            Log.ClockMovedBack(_logger, now, _highWater);
        }

        _rollbackLogged = rolledBack;
        var at = Max(now, _highWater);
        LicenseClaims? claims = null;
        if (_licenseText is not null)
        {
            var result = _verifier!.Verify(_licenseText, Context(), at);
            claims = result.Claims;
            if (result.Status == LicenseVerificationStatus.Expired)
            {
                return new(LicenseStatus.Expired, mode, Limits(claims!.Limits), result.Detail, now, claims.LicenseId, claims.Customer, claims.ExpiresAt, features: claims.Features);
            }

            if (!result.IsValid)
            {
                return new(LicenseStatus.Invalid, mode, EffectiveLimits.None, $"The license was refused ({result.Status}): {result.Detail}", now, claims?.LicenseId, claims?.Customer);
            }
        }

        if (!CallsHome)
        {
            return Licensed(now, at, mode, claims!.Limits, claims.Features, claims.ExpiresAt, claims.LicenseId, claims.Customer, null, "The offline license is valid");
        }

        var licenseId = claims?.LicenseId ?? _lastGood?.LicenseId ?? _definitive?.LicenseId;
        if (_definitive is { } refused)
        {
            var status = refused.Status == LicenseReceiptStatus.Expired ? LicenseStatus.Expired : LicenseStatus.Invalid;
            return new(status, mode, EffectiveLimits.None, RefusalReason(refused), now, licenseId, claims?.Customer, refused.ExpiresAt ?? claims?.ExpiresAt, lastValidatedAt: refused.ServerTime);
        }

        var limits = _lastGood?.Limits ?? claims?.Limits;
        var features = _lastGood?.Features ?? claims?.Features;
        var expires = Min(claims?.ExpiresAt, _lastGood?.ExpiresAt);
        if (expires is { } end && at >= end)
        {
            return new(LicenseStatus.Expired, mode, Limits(limits), $"The license expired at {end:O}.", now, licenseId, claims?.Customer, end, lastValidatedAt: _lastGood?.ServerTime, features: features);
        }

        var anchor = _lastGood?.ServerTime ?? claims?.IssuedAt;
        if (anchor is null)
        {
            var reason = _attempted ? $"The license could not be validated online: {_failure}" : WaitingReason;
            return new(LicenseStatus.Invalid, mode, EffectiveLimits.None, reason, now, licenseId);
        }

        var fresh = _lastGood is not null && !_lastAttemptFailed && !rolledBack
            && at < _lastGood.ServerTime + RevalidationInterval() + _options.RetryInterval;
        if (fresh)
        {
            return Licensed(now, at, mode, limits, features, expires, licenseId, claims?.Customer, _lastGood!.ServerTime, "The license was validated online");
        }

        var graceEnd = anchor.Value + GracePeriod();
        if (at < graceEnd)
        {
            var why = rolledBack
                ? $"The clock was moved back behind {_highWater:O}; that counts as a failed validation."
                : _failure ?? "The online validation is overdue.";
            return new(LicenseStatus.Grace, mode, Limits(limits), $"{why} Grace period until {graceEnd:O}.", now, licenseId, claims?.Customer, expires, graceEnd, _lastGood?.ServerTime, features ?? []);
        }

        return new(LicenseStatus.Expired, mode, Limits(limits), $"The grace period ended at {graceEnd:O}: no successful online validation since {anchor:O}. {_failure}", now, licenseId, claims?.Customer, expires, graceEnd, _lastGood?.ServerTime, features);
    }

    private LicenseSnapshot Licensed(DateTimeOffset now, DateTimeOffset at, DeploymentMode mode, LicenseLimits? limits, IReadOnlyList<string>? features, DateTimeOffset? expires, string? licenseId, string? customer, DateTimeOffset? validatedAt, string reason)
    {
        var expiring = expires is { } end && end - at <= _options.ExpiringWarning;
        var text = expires is { } e ? $"{reason} until {e:O}." : reason + ".";
        return new(expiring ? LicenseStatus.Expiring : LicenseStatus.Valid, mode, Limits(limits), text, now, licenseId, customer, expires, null, validatedAt, features ?? []);
    }

    private TimeSpan NextWake(LicenseSnapshot snapshot)
    {
        var at = _highWater;
        var wake = at + MaxSleep;
        void Consider(DateTimeOffset? candidate)
        {
            if (candidate is { } c && c > at && c < wake)
            {
                wake = c;
            }
        }

        if (CallsHome)
        {
            Consider(_nextValidation <= at ? at + TimeSpan.FromSeconds(1) : _nextValidation);
            Consider(_lastGood?.ServerTime + RevalidationInterval() + _options.RetryInterval);
        }

        Consider(snapshot.ExpiresAt - _options.ExpiringWarning);
        Consider(snapshot.ExpiresAt);
        Consider(snapshot.GraceEndsAt);
        Consider(_claims?.NotBefore);
        return wake - at;
    }

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        if (_identity is null)
        {
            return;
        }

        try
        {
            await _store.SaveAsync(new PersistedLicenseState { LicenseIdentity = _identity, LastReceipt = _latestDer, HighWaterMark = _highWater }, cancellationToken).ConfigureAwait(false);
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

    private LicenseVerificationContext Context() => new()
    {
        Product = _options.Product,
        Mode = _options.Mode,
        MachineFingerprint = _machine.Fingerprint,
        ClockSkewTolerance = _options.ClockSkewTolerance,
    };

    private TimeSpan RevalidationInterval()
    {
        var hours = _lastGood is null ? _claims?.RevalidateHours : null;
        var interval = hours is { } h ? TimeSpan.FromHours(h) : _options.RevalidationInterval;
        return interval < _options.RevalidationInterval ? interval : _options.RevalidationInterval;
    }

    private TimeSpan GracePeriod()
    {
        var days = _lastGood?.GraceDays ?? _claims?.GraceDays;
        var licensed = days is { } d ? TimeSpan.FromDays(d) : _options.GracePeriod;
        return licensed < _options.GracePeriod ? licensed : _options.GracePeriod;
    }

    private EffectiveLimits Limits(LicenseLimits? limits) => EffectiveLimits.Combine(_options.SelfHostedLimits, limits);

    private static TimeSpan Jitter(TimeSpan interval) => interval - (interval * (Random.Shared.NextDouble() * 0.1));

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;
}
