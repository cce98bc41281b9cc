using Microsoft.Extensions.Configuration;

namespace Glyphh.Licensing.Internal;

/// <summary>
/// Binds the <c>Glyphh:Licensing</c> section with the source-generated binder (trim- and AOT-safe). A malformed
/// value becomes a start-up failure naming its key instead of an exception from deep inside options creation.
/// </summary>
internal static class LicensingSectionBinder
{
    public static void Bind(IConfigurationSection section, GlyphhLicensingOptions options)
    {
        IConfiguration source = section;
        if (section[nameof(GlyphhLicensingOptions.Mode)] is { } mode && !Enum.TryParse<DeploymentMode>(mode, ignoreCase: true, out _))
        {
            // The section also takes the variable's spellings (self-hosted); anything else is reported, not thrown.
            string? replacement = null;
            if (DeploymentModes.TryParse(mode, out var parsed))
            {
                replacement = parsed.ToString();
            }
            else
            {
                options.BindingErrors.Add($"{section.Path}:Mode (DEPLOYMENT_MODE) is '{mode}'; expected local, self-hosted or cloud.");
            }

            source = new ConfigurationBuilder()
                .AddConfiguration(section, shouldDisposeConfiguration: false)
                .AddInMemoryCollection([new(nameof(GlyphhLicensingOptions.Mode), replacement)])
                .Build();
        }

        // A configured list replaces the default paths instead of being appended to them.
        if (section.GetSection(nameof(GlyphhLicensingOptions.ExcludedPaths)).GetChildren().Any())
        {
            options.ExcludedPaths = [];
        }

        try
        {
            source.Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            options.BindingErrors.Add(ReferenceEquals(source, section) ? ex.Message : $"{section.Path}: {ex.Message}");
        }
    }
}
