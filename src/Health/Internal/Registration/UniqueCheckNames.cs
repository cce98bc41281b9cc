using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Glyphh.Health.Internal.Registration;

/// <summary>Refuses, at start-up, two checks registered under one name (the second used to be dropped or renamed silently).</summary>
internal sealed class UniqueCheckNames : IValidateOptions<HealthCheckServiceOptions>
{
    public ValidateOptionsResult Validate(string? name, HealthCheckServiceOptions options)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var failures = new List<string>();
        foreach (var registration in options.Registrations)
        {
            if (!seen.Add(registration.Name))
            {
                failures.Add($"The health check '{registration.Name}' is registered more than once (names compare ignoring case); give each check its own name.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
