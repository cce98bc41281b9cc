namespace Glyphh.Licensing;

/// <summary>
/// Endpoint metadata: the endpoint needs a licensed feature (the license's <c>features</c>). Without it the
/// request gets 403 problem+json <c>feature-not-licensed</c>. Put it on controllers or actions, or use
/// <c>RequireLicensedFeature("name")</c> on minimal API endpoints.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class RequiresLicensedFeatureAttribute : Attribute
{
    /// <summary>Creates the metadata.</summary>
    /// <param name="feature">The feature name.</param>
    public RequiresLicensedFeatureAttribute(string feature)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(feature);
        Feature = feature;
    }

    /// <summary>The feature name.</summary>
    public string Feature { get; }
}
