using Microsoft.Extensions.Options;

namespace Glyphh.Health.Internal.Options;

/// <summary>Rules of the built-in checks' options beyond data annotations: ordered thresholds, positive durations.</summary>
internal sealed class CheckOptionsRules : IValidateOptions<DiskSpaceCheckOptions>, IValidateOptions<MemoryCheckOptions>, IValidateOptions<DatabaseCheckOptions>
{
    public ValidateOptionsResult Validate(string? name, DiskSpaceCheckOptions options) =>
        options.DegradedBelowBytes < options.UnhealthyBelowBytes
            ? ValidateOptionsResult.Fail(
                $"{nameof(DiskSpaceCheckOptions)}.{nameof(options.DegradedBelowBytes)} ({options.DegradedBelowBytes}) of check '{name}' must be at least " +
                $"{nameof(DiskSpaceCheckOptions)}.{nameof(options.UnhealthyBelowBytes)} ({options.UnhealthyBelowBytes}).")
            : ValidateOptionsResult.Success;

    public ValidateOptionsResult Validate(string? name, MemoryCheckOptions options) =>
        options.DegradedAtPercent > options.UnhealthyAtPercent
            ? ValidateOptionsResult.Fail(
                $"{nameof(MemoryCheckOptions)}.{nameof(options.DegradedAtPercent)} ({options.DegradedAtPercent}) of check '{name}' must be at most " +
                $"{nameof(MemoryCheckOptions)}.{nameof(options.UnhealthyAtPercent)} ({options.UnhealthyAtPercent}).")
            : ValidateOptionsResult.Success;

    public ValidateOptionsResult Validate(string? name, DatabaseCheckOptions options) =>
        options.DegradedAfter <= TimeSpan.Zero
            ? ValidateOptionsResult.Fail(
                $"{nameof(DatabaseCheckOptions)}.{nameof(options.DegradedAfter)} ({options.DegradedAfter}) of check '{name}' must be greater than zero.")
            : ValidateOptionsResult.Success;
}
