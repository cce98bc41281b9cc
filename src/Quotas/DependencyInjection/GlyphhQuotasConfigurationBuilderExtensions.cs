using Glyphh.Shared;

namespace Microsoft.Extensions.Configuration;

/// <summary>The deployment variables of <c>Glyphh.Quotas</c>.</summary>
public static class GlyphhQuotasConfigurationBuilderExtensions
{
    /// <summary>
    /// Adds the deployment variables of the quotas to the configuration, as keys of <c>Glyphh:Quotas</c>, the same way
    /// every Glyphh package does. The deployment seeds fix no quota variable today, so this maps none; quota settings
    /// come from <c>Glyphh:Quotas</c> (or <c>Glyphh__Quotas__*</c> variables). The call exists so hosts wire every
    /// package alike and pick up variables added later.
    /// </summary>
    /// <param name="configuration">The configuration builder.</param>
    public static IConfigurationBuilder AddGlyphhQuotasEnvironmentVariables(this IConfigurationBuilder configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.Add(new EnvironmentAliasConfigurationSource([], EnvironmentAliasConfigurationSource.ReaderFor(configuration)));
    }
}
