use cranelift_codegen::settings::{self, Configurable};
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::Module;
fn main() {
    let mut flags = settings::builder();
    flags.set("opt_level", "speed").unwrap();
    flags.set("is_pic", "false").unwrap();
    flags.set("enable_verifier", "false").unwrap();
    let t = std::time::Instant::now();
    let isa = cranelift_native::builder().unwrap().finish(settings::Flags::new(flags)).unwrap();
    println!("isa {:.1} us", t.elapsed().as_secs_f64() * 1e6);
    for _ in 0..5 {
        let t = std::time::Instant::now();
        let builder = JITBuilder::with_isa(isa.clone(), cranelift_module::default_libcall_names());
        let mut module = JITModule::new(builder);
        let t1 = t.elapsed().as_secs_f64() * 1e6;
        module.finalize_definitions().unwrap();
        let t2 = t.elapsed().as_secs_f64() * 1e6;
        unsafe { module.free_memory() };
        let t3 = t.elapsed().as_secs_f64() * 1e6;
        println!("new {t1:.1} finalize {t2:.1} free {t3:.1} us");
    }
}
