using Microsoft.Extensions.Options;

namespace Glyphh.Health.Internal.Options;

/// <summary>Data annotations of <see cref="GlyphhHealthOptions"/>, checked without reflection.</summary>
[OptionsValidator]
internal sealed partial class GlyphhHealthOptionsValidator : IValidateOptions<GlyphhHealthOptions>;
