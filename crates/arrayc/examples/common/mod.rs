//! What the measuring examples share: reading `FILE [name=value ...]` from the command line
//! into the program's source and compile options.

/// The source of the file named first on the command line and options with its
/// `name=value` param overrides; a missing file or a malformed override ends the process
/// with a usage or error message.
pub fn source_and_options(tool: &str) -> (String, arrayc::Options) {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: {tool} FILE [name=value ...]");
        std::process::exit(2);
    };
    let source = std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("error: {path}: {e}");
        std::process::exit(1);
    });
    // The tools measure compiles: the in-memory compile cache would hand back the first.
    let mut options = arrayc::Options {
        reuse: false,
        ..arrayc::Options::default()
    };
    for item in &args[1..] {
        let parsed = item
            .split_once('=')
            .and_then(|(name, value)| Some((name.to_string(), value.parse::<f64>().ok()?)));
        let Some(param) = parsed else {
            eprintln!("error: `{item}` is not name=number");
            std::process::exit(2);
        };
        options.params.push(param);
    }
    (source, options)
}
