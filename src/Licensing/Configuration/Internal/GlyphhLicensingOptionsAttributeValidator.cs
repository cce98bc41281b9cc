using Microsoft.Extensions.Options;

namespace Glyphh.Licensing.Internal;

/// <summary>Attribute rules, generated at compile time (trim-safe).</summary>
[OptionsValidator]
internal sealed partial class GlyphhLicensingOptionsAttributeValidator : IValidateOptions<GlyphhLicensingOptions>;
