using System.Security.Cryptography;
using System.Text;

namespace Glyphh.Licensing.Internal;

/// <summary>
/// The license state machine as pure functions of (input, facts, wall clock, monotonic elapsed time, server answer):
/// no clock, network, disk, log or randomness of its own, so property tests can drive it through any history.
/// Signatures are verified before it is called: receipts reach it as verified facts.
/// </summary>
internal static class LicenseEvaluator
{
    /// <summary>The longest sleep between two steps.</summary>
    public static readonly TimeSpan MaxSleep = TimeSpan.FromHours(1);

    /// <summary>The reason of the snapshot before the first call home.</summary>
    public const string WaitingReason = "Waiting for the first online validation.";

    /// <summary>
    /// Moves license time on by the monotonic time elapsed since the last step (zero on the first), then up to the wall
    /// clock: a wall clock set back never slows license time while the process runs.
    /// </summary>
    public static LicenseFacts Advance(LicenseFacts facts, DateTimeOffset now, TimeSpan elapsed)
    {
        var time = facts.LicenseTime;
        if (time != DateTimeOffset.MinValue && elapsed > TimeSpan.Zero)
        {
            time += elapsed;
        }

        if (now > time)
        {
            time = now;
        }

        return time == facts.LicenseTime ? facts : facts with { LicenseTime = time };
    }

    /// <summary>Whether the next step should call home.</summary>
    public static bool ValidationDue(LicenseInput input, LicenseFacts facts)
        => input.CallsHome && input.VerifyReceiptAt is not null && facts.LicenseTime >= facts.NextValidation;

    /// <summary>What survives a restart: license time and the latest receipt, under the license's identity.</summary>
    public static PersistedLicenseState? ToPersisted(LicenseInput input, LicenseFacts facts)
        => input.Identity is null ? null : new PersistedLicenseState { LicenseIdentity = input.Identity, LastReceipt = facts.LatestReceipt, HighWaterMark = facts.LicenseTime };

    /// <summary>
    /// The facts after a restart, from what was saved: license time, and the saved receipt when it still verifies and
    /// answers this license (otherwise it is dropped, with the reason: that loses grace, never gains it).
    /// </summary>
    public static (LicenseFacts Facts, string? Discarded) Restore(LicenseInput input, PersistedLicenseState? state, DateTimeOffset now)
    {
        if (state is null)
        {
            return (LicenseFacts.Empty, null);
        }

        var facts = LicenseFacts.Empty with { LicenseTime = state.HighWaterMark };
        if (state.LastReceipt is not { } der || input.VerifyReceiptAt is not { } verify)
        {
            return (facts, null);
        }

        if (!string.Equals(state.LicenseIdentity, input.Identity, StringComparison.Ordinal))
        {
            return (facts, "it belongs to another license");
        }

        var check = verify(der, Max(now, state.HighWaterMark));
        if (!check.IsValid || check.Receipt is not { } receipt)
        {
            return (facts, "the saved receipt does not verify: " + check.Detail);
        }

        if (NotOurs(input, receipt) is { } why)
        {
            return (facts, "the saved receipt " + why);
        }

        // The latest receipt is either the last good one or a refusal that came after it: a refusal stays a refusal.
        facts = facts with { LatestReceipt = der, LicenseTime = Max(state.HighWaterMark, receipt.ServerTime) };
        return (receipt.Status == LicenseReceiptStatus.Valid ? facts with { LastGood = receipt } : facts with { Refusal = receipt }, null);
    }

    /// <summary>
    /// The first step of a process: license time moves up to the wall clock, the offline license's claims are read at
    /// license time, and the first call home is due at once.
    /// </summary>
    public static (LicenseInput Input, LicenseFacts Facts) Start(LicenseInput input, LicenseFacts restored, DateTimeOffset now)
    {
        var facts = Advance(restored, now, TimeSpan.Zero) with { NextValidation = DateTimeOffset.MinValue };
        return (input.VerifyLicenseAt is { } verify ? input with { Claims = verify(facts.LicenseTime).Claims } : input, facts);
    }

    /// <summary>
    /// The answer to a call home: checks the receipt's signature and that it echoes <paramref name="nonce"/>, then
    /// <see cref="Accept"/>s it; no receipt (<paramref name="der"/> <see langword="null"/>) is a <see cref="Fail"/> with <paramref name="outcome"/>.
    /// </summary>
    /// <param name="input">The license.</param>
    /// <param name="facts">The facts before the call (license time moved on to after it).</param>
    /// <param name="now">The wall clock after the call.</param>
    /// <param name="der">The signed receipt, or <see langword="null"/> when the call got none.</param>
    /// <param name="outcome">The metric outcome when there is no receipt.</param>
    /// <param name="detail">Why there is no receipt.</param>
    /// <param name="nonce">The request's nonce.</param>
    /// <param name="jitter">A number in [0, 1) (see <see cref="Fail"/>).</param>
    public static LicenseAnswer Answer(LicenseInput input, LicenseFacts facts, DateTimeOffset now, byte[]? der, string outcome, string detail, string nonce, double jitter)
    {
        if (der is null || input.VerifyReceiptAt is not { } verify)
        {
            return Fail(input, facts, now, outcome, detail, jitter);
        }

        var check = verify(der, facts.LicenseTime);
        if (!check.IsValid || check.Receipt is not { } receipt)
        {
            return Fail(input, facts, now, ValidationOutcomes.BadReceipt, $"The receipt was refused ({check.Status}): {check.Detail}", jitter);
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(receipt.Nonce), Encoding.UTF8.GetBytes(nonce)))
        {
            return Fail(input, facts, now, ValidationOutcomes.NonceMismatch, "The receipt does not echo this request's nonce (replayed?).", jitter);
        }

        return Accept(input, facts, now, receipt, der, jitter);
    }

    /// <summary>A call home without a usable answer: the receipt already held stays; retry after the retry interval.</summary>
    /// <param name="input">The license.</param>
    /// <param name="facts">The facts before the call.</param>
    /// <param name="now">The wall clock after the call.</param>
    /// <param name="outcome">The metric outcome.</param>
    /// <param name="detail">Why.</param>
    /// <param name="jitter">A number in [0, 1) that shortens the wait by up to 10 % so replicas do not call together.</param>
    public static LicenseAnswer Fail(LicenseInput input, LicenseFacts facts, DateTimeOffset now, string outcome, string detail, double jitter)
    {
        // Counted in license time, which ValidationDue compares with: from a clock set back, the wall clock would make it due at once.
        var next = facts with { Attempted = true, Failure = detail, LastAttemptFailed = true, NextValidation = Max(now, facts.LicenseTime) + Jitter(input.Options.RetryInterval, jitter) };
        return new(next, LicenseAnswerKind.Failed, outcome, detail);
    }

    /// <summary>
    /// A verified receipt that echoes the request's nonce: accepted when it answers this credential, product, machine and
    /// mode within <see cref="GlyphhLicensingOptions.ReceiptMaxAge"/> of the wall clock; otherwise a failed call.
    /// </summary>
    /// <param name="input">The license.</param>
    /// <param name="facts">The facts before the call.</param>
    /// <param name="now">The wall clock after the call.</param>
    /// <param name="receipt">The receipt's verified content.</param>
    /// <param name="der">The receipt's signed bytes (what is persisted).</param>
    /// <param name="jitter">A number in [0, 1) (see <see cref="Fail"/>).</param>
    private static LicenseAnswer Accept(LicenseInput input, LicenseFacts facts, DateTimeOffset now, LicenseReceipt receipt, byte[] der, double jitter)
    {
        var options = input.Options;
        if (receipt.Credential is null && receipt.Status == LicenseReceiptStatus.Unknown)
        {
            // The server could not tie the request to a license it holds; that binds no license, so it is no definitive answer.
            return Fail(input, facts, now, ValidationOutcomes.From(receipt.Status), "The license server does not know this license (or did not accept its proof of possession).", jitter);
        }

        if (NotOurs(input, receipt) is { } why)
        {
            return Fail(input, facts, now, ValidationOutcomes.WrongLicense, "The receipt was refused: it " + why + ".", jitter);
        }

        var skew = (now - receipt.ServerTime).Duration();
        if (skew > options.ReceiptMaxAge)
        {
            return Fail(input, facts, now, ValidationOutcomes.ClockSkew, $"The receipt's server time {receipt.ServerTime:O} is {skew} from this clock ({now:O}); the receipt is too old or the clock is wrong.", jitter);
        }

        // Server time is authoritative: it also heals a license time poisoned by a clock once set ahead.
        var answered = facts with { LicenseTime = Max(now, receipt.ServerTime), LatestReceipt = der, LastAttemptFailed = false, Attempted = true };
        if (receipt.Status == LicenseReceiptStatus.Valid)
        {
            var good = answered with { LastGood = receipt, Refusal = null, Failure = null };
            var interval = RevalidationInterval(input, good);
            var at = answered.LicenseTime;
            var next = receipt.NextValidationAt is { } suggested && suggested > at && suggested < at + interval ? suggested : at + interval;
            return new(good with { NextValidation = at + Jitter(next - at, jitter) }, LicenseAnswerKind.Validated, ValidationOutcomes.Valid, Receipt: receipt);
        }

        // A definitive answer replaces the last good receipt, in memory and on disk: dropping it from the file gains nothing.
        var refused = answered with { Refusal = receipt, LastGood = null, Failure = RefusalReason(receipt), NextValidation = answered.LicenseTime + Jitter(options.RetryInterval, jitter) };
        return new(refused, LicenseAnswerKind.Refused, ValidationOutcomes.From(receipt.Status), Receipt: receipt);
    }

    /// <summary>Why a receipt is not an answer for this credential, product, machine and mode; <see langword="null"/> when it is.</summary>
    public static string? NotOurs(LicenseInput input, LicenseReceipt receipt)
    {
        var options = input.Options;
        if (!string.Equals(receipt.Credential, input.Identity, StringComparison.Ordinal))
        {
            return "answers another credential than this runtime's license";
        }

        if (!string.Equals(receipt.Product, options.Product, StringComparison.Ordinal))
        {
            return $"is for product '{receipt.Product}', not '{options.Product}'";
        }

        if (!string.Equals(receipt.Fingerprint, input.Fingerprint, StringComparison.Ordinal))
        {
            return "is for another machine";
        }

        if (receipt.Status == LicenseReceiptStatus.Valid && receipt.Mode != options.Mode)
        {
            return $"is for a license of mode '{receipt.Mode?.ToName() ?? "(none)"}', not '{options.Mode.ToName()}'";
        }

        return null;
    }

    /// <summary>The snapshot at wall clock <paramref name="now"/> (license time is <see cref="LicenseFacts.LicenseTime"/>), when to wake next, and what to save.</summary>
    public static LicenseEvaluation Evaluate(LicenseInput input, LicenseFacts facts, DateTimeOffset now)
    {
        var options = input.Options;
        if (options.Mode != DeploymentMode.SelfHosted)
        {
            var snapshot = options.Mode == DeploymentMode.Local ? ModeSnapshots.Local(options, now) : ModeSnapshots.Cloud(options, now);
            return new(snapshot, MaxSleep, false, null);
        }

        var rolledBack = input.ConfigurationError is null && now + options.ClockSkewTolerance < facts.LicenseTime;
        var licensed = Snapshot(input, facts, now, rolledBack);
        return new(licensed, NextWake(input, facts, licensed), rolledBack, ToPersisted(input, facts));
    }

    private static LicenseSnapshot Snapshot(LicenseInput input, LicenseFacts facts, DateTimeOffset now, bool rolledBack)
    {
        var options = input.Options;
        var mode = options.Mode;
        if (input.ConfigurationError is not null)
        {
            return new(LicenseStatus.Invalid, mode, EffectiveLimits.None, input.ConfigurationError, now);
        }

        var at = Max(now, facts.LicenseTime);
        LicenseClaims? claims = null;
        if (input.VerifyLicenseAt is { } verify)
        {
            var result = verify(at);
            claims = result.Claims;
            if (result.Status == LicenseVerificationStatus.Expired)
            {
                return new(LicenseStatus.Expired, mode, Limits(options, claims!.Limits), result.Detail, now, claims.LicenseId, claims.Customer, claims.ExpiresAt, features: claims.Features);
            }

            if (!result.IsValid)
            {
                return new(LicenseStatus.Invalid, mode, EffectiveLimits.None, $"The license was refused ({result.Status}): {result.Detail}", now, claims?.LicenseId, claims?.Customer);
            }
        }

        if (!input.CallsHome)
        {
            return Licensed(options, now, at, claims!.Limits, claims.Features, claims.ExpiresAt, claims.LicenseId, claims.Customer, null, "The offline license is valid");
        }

        var lastGood = facts.LastGood;
        var licenseId = claims?.LicenseId ?? lastGood?.LicenseId ?? facts.Refusal?.LicenseId;
        if (facts.Refusal is { } refused)
        {
            var status = refused.Status == LicenseReceiptStatus.Expired ? LicenseStatus.Expired : LicenseStatus.Invalid;
            return new(status, mode, EffectiveLimits.None, RefusalReason(refused), now, licenseId, claims?.Customer, refused.ExpiresAt ?? claims?.ExpiresAt, lastValidatedAt: refused.ServerTime);
        }

        var limits = lastGood?.Limits ?? claims?.Limits;
        var features = lastGood?.Features ?? claims?.Features;
        var expires = Min(claims?.ExpiresAt, lastGood?.ExpiresAt);
        if (expires is { } end && at >= end)
        {
            return new(LicenseStatus.Expired, mode, Limits(options, limits), $"The license expired at {end:O}.", now, licenseId, claims?.Customer, end, lastValidatedAt: lastGood?.ServerTime, features: features);
        }

        var anchor = lastGood?.ServerTime ?? claims?.IssuedAt;
        if (anchor is null)
        {
            var reason = facts.Attempted ? $"The license could not be validated online: {facts.Failure}" : WaitingReason;
            return new(LicenseStatus.Invalid, mode, EffectiveLimits.None, reason, now, licenseId);
        }

        var fresh = lastGood is not null && !facts.LastAttemptFailed && !rolledBack
            && at < lastGood.ServerTime + RevalidationInterval(input, facts) + options.RetryInterval;
        if (fresh)
        {
            return Licensed(options, now, at, limits, features, expires, licenseId, claims?.Customer, lastGood!.ServerTime, "The license was validated online");
        }

        var graceEnd = anchor.Value + GracePeriod(input, facts);
        if (at < graceEnd)
        {
            var why = rolledBack
                ? $"The clock was moved back behind {facts.LicenseTime:O}; that counts as a failed validation."
                : facts.Failure ?? "The online validation is overdue.";
            return new(LicenseStatus.Grace, mode, Limits(options, limits), $"{why} Grace period until {graceEnd:O}.", now, licenseId, claims?.Customer, expires, graceEnd, lastGood?.ServerTime, features ?? []);
        }

        return new(LicenseStatus.Expired, mode, Limits(options, limits), $"The grace period ended at {graceEnd:O}: no successful online validation since {anchor:O}. {facts.Failure}", now, licenseId, claims?.Customer, expires, graceEnd, lastGood?.ServerTime, features);
    }

    private static LicenseSnapshot Licensed(GlyphhLicensingOptions options, DateTimeOffset now, DateTimeOffset at, LicenseLimits? limits, IReadOnlyList<string>? features, DateTimeOffset? expires, string? licenseId, string? customer, DateTimeOffset? validatedAt, string reason)
    {
        var expiring = expires is { } end && end - at <= options.ExpiringWarning;
        var text = expires is { } e ? $"{reason} until {e:O}." : reason + ".";
        return new(expiring ? LicenseStatus.Expiring : LicenseStatus.Valid, options.Mode, Limits(options, limits), text, now, licenseId, customer, expires, null, validatedAt, features ?? []);
    }

    private static TimeSpan NextWake(LicenseInput input, LicenseFacts facts, LicenseSnapshot snapshot)
    {
        var options = input.Options;
        var at = facts.LicenseTime;
        var wake = at + MaxSleep;
        void Consider(DateTimeOffset? candidate)
        {
            if (candidate is { } c && c > at && c < wake)
            {
                wake = c;
            }
        }

        if (input.CallsHome)
        {
            Consider(facts.NextValidation <= at ? at + TimeSpan.FromSeconds(1) : facts.NextValidation);
            Consider(facts.LastGood?.ServerTime + RevalidationInterval(input, facts) + options.RetryInterval);
        }

        Consider(snapshot.ExpiresAt - options.ExpiringWarning);
        Consider(snapshot.ExpiresAt);
        Consider(snapshot.GraceEndsAt);
        Consider(input.Claims?.NotBefore);
        return wake - at;
    }

    private static string RefusalReason(LicenseReceipt receipt)
        => $"The license server answered '{ValidationOutcomes.From(receipt.Status)}' at {receipt.ServerTime:O}" + (receipt.Message is null ? "." : $": {receipt.Message}");

    private static TimeSpan RevalidationInterval(LicenseInput input, LicenseFacts facts)
    {
        var options = input.Options;
        var hours = facts.LastGood is null ? input.Claims?.RevalidateHours : null;
        var interval = hours is { } h ? TimeSpan.FromHours(h) : options.RevalidationInterval;
        return interval < options.RevalidationInterval ? interval : options.RevalidationInterval;
    }

    private static TimeSpan GracePeriod(LicenseInput input, LicenseFacts facts)
    {
        var options = input.Options;
        var days = facts.LastGood?.GraceDays ?? input.Claims?.GraceDays;
        var licensed = days is { } d ? TimeSpan.FromDays(d) : options.GracePeriod;
        return licensed < options.GracePeriod ? licensed : options.GracePeriod;
    }

    private static EffectiveLimits Limits(GlyphhLicensingOptions options, LicenseLimits? limits) => EffectiveLimits.Combine(options.SelfHostedLimits, limits);

    private static TimeSpan Jitter(TimeSpan interval, double jitter) => interval - (interval * (jitter * 0.1));

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;
}
