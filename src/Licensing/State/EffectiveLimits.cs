namespace Glyphh.Licensing;

/// <summary>
/// The limits in force: the mode's defaults combined with the license's. <see langword="null"/> means
/// unlimited, explicitly; there are no magic numbers.
/// </summary>
public sealed class EffectiveLimits
{
    /// <summary>Creates limits.</summary>
    /// <param name="models">Maximum models; <see langword="null"/> for unlimited.</param>
    /// <param name="glyphsPerModel">Maximum glyphs per model; <see langword="null"/> for unlimited.</param>
    public EffectiveLimits(long? models, long? glyphsPerModel)
    {
        Models = models;
        GlyphsPerModel = glyphsPerModel;
    }

    /// <summary>Local mode: 1 model, 1,000 glyphs per model.</summary>
    public static EffectiveLimits Local { get; } = new(1, 1000);

    /// <summary>No limits (cloud mode, or a license without limits).</summary>
    public static EffectiveLimits Unlimited { get; } = new(null, null);

    /// <summary>Nothing allowed: self-hosted without a verified license.</summary>
    public static EffectiveLimits None { get; } = new(0, 0);

    /// <summary>Maximum number of models (namespaces); <see langword="null"/> for unlimited.</summary>
    public long? Models { get; }

    /// <summary>Maximum number of glyphs per model; <see langword="null"/> for unlimited.</summary>
    public long? GlyphsPerModel { get; }

    /// <summary>Whether one more model may be created when <paramref name="currentModels"/> exist.</summary>
    /// <param name="currentModels">Models that exist now.</param>
    /// <returns><see langword="true"/> when below the limit or unlimited.</returns>
    public bool AllowsAnotherModel(long currentModels) => Models is not { } max || currentModels < max;

    /// <summary>Whether one more glyph may be added to a model holding <paramref name="currentGlyphs"/>.</summary>
    /// <param name="currentGlyphs">Glyphs in the model now.</param>
    /// <returns><see langword="true"/> when below the limit or unlimited.</returns>
    public bool AllowsAnotherGlyph(long currentGlyphs) => GlyphsPerModel is not { } max || currentGlyphs < max;

    internal static EffectiveLimits From(LicenseLimits limits) => limits.Models is null && limits.Glyphs is null ? Unlimited : new(limits.Models, limits.Glyphs);

    /// <inheritdoc />
    public override string ToString() => $"models={Models?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unlimited"}, glyphs_per_model={GlyphsPerModel?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unlimited"}";
}
