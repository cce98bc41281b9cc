using Microsoft.Extensions.Options;

namespace Glyphh.Health.Internal.Options;

/// <summary>Data annotations of <see cref="MemoryCheckOptions"/>, checked without reflection.</summary>
[OptionsValidator]
internal sealed partial class MemoryCheckOptionsValidator : IValidateOptions<MemoryCheckOptions>;
