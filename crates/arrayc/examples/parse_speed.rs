fn main() {
    let source = std::fs::read_to_string("examples/advect_loop.arr").unwrap();
    for _ in 0..3 {
        let t = std::time::Instant::now();
        for _ in 0..1000 {
            std::hint::black_box(arrayc::parser::parse(&source));
        }
        println!("parse {:.2} us", t.elapsed().as_secs_f64() * 1e3);
        let t = std::time::Instant::now();
        for _ in 0..1000 {
            std::hint::black_box(arrayc::lexer::lex(&source));
        }
        println!("lex {:.2} us", t.elapsed().as_secs_f64() * 1e3);
        let options = arrayc::Options::default();
        let t = std::time::Instant::now();
        for _ in 0..100 {
            std::hint::black_box(arrayc::ir_text(&source, &options).ok());
        }
        println!("front end {:.2} us", t.elapsed().as_secs_f64() * 1e4);
    }
}
