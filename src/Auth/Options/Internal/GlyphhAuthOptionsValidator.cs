using Microsoft.Extensions.Options;

namespace Glyphh.Auth.Options.Internal;

/// <summary>DataAnnotations validation of <see cref="GlyphhAuthOptions"/>, source-generated.</summary>
[OptionsValidator]
internal sealed partial class GlyphhAuthOptionsValidator : IValidateOptions<GlyphhAuthOptions>;
