import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { answered } from './lib/firstAnswers';

const target = document.getElementById('app');
if (!target) throw new Error('#app ontbreekt');
// Mounted once the first screen's answers are in, so the first frame holds its data; a slow
// database shows the loading state after 300 ms instead.
void answered(300).then(() => mount(App, { target }));
